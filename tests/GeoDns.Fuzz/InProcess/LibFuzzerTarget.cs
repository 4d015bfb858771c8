using GeoDns.Fuzz.Generation;
using SharpFuzz;

namespace GeoDns.Fuzz.InProcess;

/// <summary>
/// The libFuzzer entry (<c>--libfuzzer</c>, see docs/FUZZING.md): each input is one message, run
/// through <see cref="ProcessorTarget"/> as the client its length selects; a broken rule throws,
/// which libFuzzer reports as a crash and keeps the input.
/// </summary>
internal static class LibFuzzerTarget
{
    public static void Run(ProcessorTarget target) => Fuzzer.LibFuzzer.Run(input => Check(target, input));

    public static void Check(ProcessorTarget target, ReadOnlySpan<byte> input)
    {
        string? problem = target.Run(input, Expectation.Any, input.Length);
        if (problem is not null) throw new InvalidOperationException($"{problem}: {Convert.ToHexString(input)}");
    }
}
