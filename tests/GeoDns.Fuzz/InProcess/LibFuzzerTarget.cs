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
    /// <summary>The variable libfuzzer-dotnet sets for its target; without it there is no driver to talk to.</summary>
    public const string DriverVariable = "__LIBFUZZER_SHM_ID";

    public static void Run(ProcessorTarget target) => Fuzzer.LibFuzzer.Run(input => Check(target, input));

    /// <summary>Outside libFuzzer: checks each file (a raw message, as libFuzzer saves a crash); returns the number that break a rule.</summary>
    public static int CheckFiles(ProcessorTarget target, IEnumerable<string> files, TextWriter output)
    {
        int failed = 0;
        foreach (string file in files)
        {
            try
            {
                Check(target, File.ReadAllBytes(file));
                output.WriteLine($"{file}: ok");
            }
            catch (InvalidOperationException ex)
            {
                failed++;
                output.WriteLine($"{file}: {ex.Message}");
            }
        }
        return failed;
    }

    public static void Check(ProcessorTarget target, ReadOnlySpan<byte> input)
    {
        string? problem = target.Run(input, Expectation.Any, input.Length);
        if (problem is not null) throw new InvalidOperationException($"{problem}: {Convert.ToHexString(input)}");
    }
}
