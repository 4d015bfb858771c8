using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Cli;

/// <summary><c>geodns check</c>: the server's own loader, file:line:col diagnostics, exit codes 0 / 1 / 2.</summary>
public sealed class CheckCommandTests
{
    private const string GoodZone = """
        $ORIGIN good.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster 2026112901 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        www  IN A   192.0.2.80
        """;

    // Line 5 has an address that is not IPv4.
    private const string BrokenZone = """
        $ORIGIN broken.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster 2026112901 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   not-an-address
        """;

    [Fact]
    public async Task A_good_zone_directory_exits_0()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/good.test.zone", GoodZone);
        string config = dir.Write("geodns.json", "{}");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.DoesNotContain(": error:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_zone_exits_1_and_prints_file_line_col()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/good.test.zone", GoodZone);
        dir.Write("zones/broken.test.zone", BrokenZone);
        string config = dir.Write("geodns.json", "{}");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Matches(@"broken\.test\.zone:5:\d+: error: ", output);
    }

    [Fact]
    public async Task An_unknown_configuration_key_is_a_warning_naming_it()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/good.test.zone", GoodZone);
        string config = dir.Write("geodns.json", """{ "Tcp": { "IdleTimout": "5s", "maxconnections": 10 }, "MaxUdpPayloadBytes": 1400, "Identity": "ns1" }""");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Ok, exit);
        // Keys match case-insensitively, as the binder does: "maxconnections" is known.
        Assert.Contains("geodns.json: warning: Tcp:IdleTimout: unknown key, ignored; did you mean Tcp:IdleTimeout?", output, StringComparison.Ordinal);
        Assert.Contains("geodns.json: warning: MaxUdpPayloadBytes: unknown key, ignored", output, StringComparison.Ordinal);
        Assert.Contains("0 errors, 2 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_zones_directory_exits_1()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", """{ "ZonesDirectory": "nowhere" }""");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("nowhere: error: zones directory not found", output, StringComparison.Ordinal);
    }
}
