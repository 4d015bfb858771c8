using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.InProcess;
using GeoDns.Fuzz.Network;
using Xunit.Abstractions;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// The fuzzer of tests/GeoDns.Fuzz straight into <see cref="QueryProcessor.Process"/> (its
/// <see cref="ProcessorTarget"/>: the sample zones and the fuzz zone with the sample topology), a
/// million messages in all, over UDP and TCP contexts and clients of each region. Process never
/// throws, never fails a query (SERVFAIL from an exception), and every reply obeys what the outside
/// fuzzer checks (see FuzzTests in the server tests). A failure names its seed and case.
/// </summary>
public sealed class ProcessorFuzzTests(ITestOutputHelper output)
{
    private const int PerSeed = 250_000;

    private static readonly Lazy<ProcessorTarget> Shared = new(() => new ProcessorTarget(ProcessorTarget.FindRepositoryRoot()));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_quarter_million_generated_messages_break_no_rule(int seed)
    {
        ProcessorTarget target = Shared.Value;
        var generator = new QueryGenerator(seed, target.Names);
        var report = new FuzzReport();

        InProcessRunner.Run(target, Enumerable.Range(0, PerSeed).Select(i => generator.Generate(i)), report);

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(PerSeed, report.Sent);
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        // The mix reaches the zone data, the error paths and the size rules.
        Assert.True(report.RcodeCount(RCode.NoError) > 0 && report.RcodeCount(RCode.FormErr) > 0 && report.RcodeCount(RCode.NxDomain) > 0, report.Rcodes());
        Assert.True(report.LargeUdpReplies > 0 && report.Truncated > 0, report.Summary());
        Assert.Equal(0, target.Processor.FailureCount);
    }

    [Fact]
    public void The_kept_corpus_breaks_no_rule_from_any_client()
    {
        ProcessorTarget target = Shared.Value;
        var cases = Corpus.Load(Path.Combine(ProcessorTarget.FindRepositoryRoot(), "tests", "GeoDns.Fuzz", "corpus"));
        Assert.NotEmpty(cases);
        var report = new FuzzReport();

        InProcessRunner.Run(target, cases.SelectMany(c => Enumerable.Repeat(c, ProcessorTarget.ClientCount)), report);

        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        Assert.Equal(0, target.Processor.FailureCount);
    }

    [Fact]
    public void The_libFuzzer_check_passes_the_corpus_and_reports_a_broken_rule_by_throwing()
    {
        ProcessorTarget target = Shared.Value;
        foreach (FuzzCase kept in Corpus.Load(Path.Combine(ProcessorTarget.FindRepositoryRoot(), "tests", "GeoDns.Fuzz", "corpus")))
            LibFuzzerTarget.Check(target, kept.Message);

        // An oracle holding the server to 512 bytes where it may send 1232: a large EDNS answer over UDP breaks that
        // (46 bytes: the libFuzzer check asks as client 46 mod 5, the eu-west one over UDP, which gets 40 addresses).
        var strict = new ProcessorTarget(ProcessorTarget.FindRepositoryRoot(), oracleMaxUdpPayload: 512);
        byte[] large = Corpus.Read(Path.Combine(ProcessorTarget.FindRepositoryRoot(), "tests", "GeoDns.Fuzz", "corpus", "big-a-edns-1232.hex")).Message;
        var thrown = Assert.Throws<InvalidOperationException>(() => LibFuzzerTarget.Check(strict, large));
        Assert.Contains("where 512 are allowed", thrown.Message, StringComparison.Ordinal);
    }
}
