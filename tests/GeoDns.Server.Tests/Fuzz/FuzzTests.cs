using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Network;
using GeoDns.Fuzz.Oracle;
using GeoDns.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GeoDns.Server.Tests.Fuzz;

/// <summary>
/// The fuzzer of tests/GeoDns.Fuzz against the real server on loopback, with fixed seeds (a failure
/// names the seed and case; <c>dotnet run --project tests/GeoDns.Fuzz -- --target ... --seed S --case I</c>
/// replays it). It asserts what an outside fuzzer can see: no reply to QR=1 or to a message shorter
/// than a header, every reply with QR=1, the query's ID and opcode, well-formed, no UDP reply larger
/// than allowed, no SERVFAIL, every valid query answered (not FORMERR); and then that the server
/// is well (see <see cref="FuzzServer.AssertWellAsync"/>).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    /// <summary>100,000 UDP messages in all (two seeds, one per UDP receive mode): a few seconds on a 2-core machine.</summary>
    private const int UdpCount = 50_000;
    /// <summary>2,000 TCP connections of 1 to 8 framed messages (one in ten: a pipeline of 20 to 100).</summary>
    private const int TcpSessions = 2_000;

    /// <summary>Over IPv6 (when the host has an IPv6 loopback): fewer, the path differs only in addresses.</summary>
    private const int Udp6Count = 20_000;

    [Theory]
    [InlineData(1301, "Blocking")]
    [InlineData(1302, "Async")]
    public async Task Fuzzed_UDP_messages_break_no_rule(int seed, string udpReceiveMode)
    {
        await using var fuzz = await FuzzServer.StartAsync(udpReceiveMode);
        var report = new FuzzReport();

        // Two clients at once (two source ports: the server's two sockets for the address, and its
        // two workers, answer them in parallel), each with half of the seed's cases.
        var names = FuzzServer.SampleNames();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(client => Task.Run(() =>
            new UdpFuzzer(fuzz.Server.Udp4, new QueryGenerator(seed, names), new ReplyCheck(FuzzServer.MaxUdpPayload), report).Run(client * (UdpCount / 2), UdpCount / 2))));

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(UdpCount, report.Sent);
        Assert.True(report.ValidSent > UdpCount / 4, report.Summary());
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        // The mix reaches the zone data and the error paths alike.
        Assert.True(report.RcodeCount(0) > 0 && report.RcodeCount(1) > 0 && report.RcodeCount(3) > 0 && report.RcodeCount(5) > 0, report.Rcodes());
        // ... and the size rules: replies over 512 bytes (with EDNS) and truncated ones.
        Assert.True(report.LargeUdpReplies > 0 && report.Truncated > 0, report.Summary());
        await fuzz.AssertWellAsync();
    }

    [Fact]
    public async Task Fuzzed_UDP_messages_over_IPv6_break_no_rule()
    {
        await using var fuzz = await FuzzServer.StartAsync(ipv6: true);
        if (fuzz.Server.Udp6 is not { } udp6)
        {
            Assert.False(TestServer.HasIPv6Loopback);
            return;
        }
        var report = new FuzzReport();

        new UdpFuzzer(udp6, new QueryGenerator(1304, FuzzServer.SampleNames()), new ReplyCheck(FuzzServer.MaxUdpPayload), report).Run(0, Udp6Count);

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(Udp6Count, report.Sent);
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        await fuzz.AssertWellAsync();
    }

    [Fact]
    public async Task Fuzzed_TCP_framing_breaks_no_rule()
    {
        await using var fuzz = await FuzzServer.StartAsync();
        var report = new FuzzReport();

        await new TcpFuzzer(fuzz.Server.Tcp4, new QueryGenerator(1303, FuzzServer.SampleNames()), FuzzServer.MaxUdpPayload, report).RunAsync(0, TcpSessions);

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(TcpSessions, report.TcpSessions);
        Assert.True(report.ValidSent > 0 && report.ValidAnswered == report.ValidSent, report.Summary());
        await fuzz.Server.WaitForNoTcpConnectionsAsync();
        Assert.Equal(0, fuzz.Server.Listeners.OpenTcpConnections);
        await fuzz.AssertWellAsync();
    }

    [Fact]
    public async Task The_kept_corpus_replays_over_UDP_and_TCP()
    {
        await using var fuzz = await FuzzServer.StartAsync();
        var cases = Corpus.Load(FuzzServer.CorpusDirectory);
        Assert.NotEmpty(cases);
        var check = new ReplyCheck(FuzzServer.MaxUdpPayload);
        var report = new FuzzReport();

        GeoDns.Fuzz.Program.Replay(fuzz.Server.Udp4, cases, check, report);
        var tcp = new TcpFuzzer(fuzz.Server.Tcp4, new QueryGenerator(0), FuzzServer.MaxUdpPayload, report);
        foreach (FuzzCase kept in cases) await tcp.RunSessionAsync(TcpSession.Single(kept), check, CancellationToken.None);

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.True(report.ValidSent > 0 && report.ValidAnswered == report.ValidSent, report.Summary());
        await fuzz.AssertWellAsync();
    }
}
