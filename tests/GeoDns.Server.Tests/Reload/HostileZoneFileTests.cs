using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Reload;

/// <summary>
/// Hostile zone files (issue 13) through <c>geodns check</c> and a running server's live reload: a
/// deep <c>$INCLUDE</c> chain, an include of a FIFO or of <c>/dev/zero</c>, a huge <c>$GENERATE</c>,
/// an unusable zones directory. Each fails its own file with file:line:col; the rest is served.
/// </summary>
public sealed class HostileZoneFileTests
{
    private const string OtherFile = "other.test.zone";

    private static string Other(uint serial, string address) => $"""
        $TTL 1h
        @   IN SOA ns1 hostmaster {serial} 1h 10m 14d 5m
            IN NS ns1
        ns1 IN A 192.0.2.53
        www IN A {address}

        """;

    private const string GoodZone = """
        $ORIGIN good.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster 1 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53

        """;

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static void WriteChain(string directory, int depth)
    {
        for (int i = 1; i < depth; i++) File.WriteAllText(Path.Combine(directory, $"i{i}.inc"), $"h{i} A 192.0.2.2\n$INCLUDE i{i + 1}.inc\n");
        File.WriteAllText(Path.Combine(directory, $"i{depth}.inc"), "last A 192.0.2.3\n");
    }

    [Fact]
    public async Task Check_reports_a_10000_deep_include_chain_and_a_fifo_include_with_file_line_col()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/good.test.zone", GoodZone + "$INCLUDE i1.inc\n");
        WriteChain(Path.Combine(dir.Path, "zones"), 10_000);
        dir.Write("zones/pipe.test.zone", GoodZone.Replace("good.test.", "pipe.test.", StringComparison.Ordinal) + "$INCLUDE pipe.inc\n");
        MakeFifo(Path.Combine(dir.Path, "zones", "pipe.inc"));
        string config = dir.Write("geodns.json", "{}");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Matches(@"i20\.inc:2:10: error: \$INCLUDE nested more than 20 deep", output);
        Assert.Matches(@"pipe\.test\.zone:6:10: error: cannot read \$INCLUDE file '.*pipe\.inc': not a regular file \(a FIFO\)", output);
    }

    [Fact]
    public async Task Check_fails_a_huge_generate_fast_and_reads_the_generate_cap_from_the_configuration()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/good.test.zone", GoodZone + "$GENERATE 0-9999999 h$ A 10.0.0.1\n");
        string config = dir.Write("geodns.json", "{}");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Matches(@"good\.test\.zone:6:11: error: \$GENERATE range '0-9999999' would make 10000000 records, more than 65536 \(Zones:MaxGenerateRecords\)", output);

        dir.Write("zones/good.test.zone", GoodZone + "$GENERATE 1-6 h$ A 10.0.0.1\n");
        (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);
        Assert.Equal(ExitCodes.Ok, exit);

        config = dir.Write("geodns.json", """{ "Zones": { "MaxGenerateRecords": 5, "MaxRecordsPerZone": 100 } }""");
        (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);
        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("would make 6 records, more than 5 (Zones:MaxGenerateRecords)", output, StringComparison.Ordinal);

        config = dir.Write("geodns.json", """{ "Zones": { "MaxRecordsPerZone": 0 } }""");
        (exit, _, string error) = await CliRunner.RunAsync("check", "--config", config);
        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("Zones:MaxRecordsPerZone: '0' is not a count from 1 to 100000000", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_with_a_fifo_a_dev_zero_and_a_deep_include_answers_keeps_those_zones_and_serves_the_other_edit()
    {
        var zones = TwoRegionGeo.Zones();
        zones[OtherFile] = Other(1, "198.51.100.1");
        zones["good.test.zone"] = GoodZone;
        await using var harness = await ReloadHarness.StartAsync(zones, zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });
        Assert.Equal(["198.51.100.1"], harness.Addresses("www.other.test."));

        MakeFifo(Path.Combine(harness.ZonesDirectory, "pipe.inc"));
        WriteChain(harness.ZonesDirectory, 10_000);
        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99", "$INCLUDE pipe.inc"));
        harness.ReplaceZone("good.test.zone", GoodZone + "$INCLUDE /dev/zero\n$INCLUDE i1.inc\n");
        harness.ReplaceZone(OtherFile, Other(2, "198.51.100.2"));

        var (status, body) = await harness.PostReloadAsync();

        Assert.Equal(422, status);
        Assert.False((bool)body["success"]!);
        var reports = body["zones"]!.AsArray().ToDictionary(z => Path.GetFileName((string)z!["file"]!), z => z!);
        Assert.Equal("changed", (string?)reports[OtherFile]["result"]);
        Assert.Equal("failed", (string?)reports[ReloadZones.File]["result"]);
        Assert.Equal("failed", (string?)reports["good.test.zone"]["result"]);
        Assert.Matches(@"geo\.test\.zone:6:10: error: cannot read \$INCLUDE file '.*pipe\.inc': not a regular file \(a FIFO\)", (string)reports[ReloadZones.File]["errors"]![0]!);
        var good = reports["good.test.zone"]["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(good, e => e.Contains("good.test.zone:6:10: error: cannot read $INCLUDE file '/dev/zero': not a regular file (a character device)", StringComparison.Ordinal));
        Assert.Contains(good, e => e.Contains("i20.inc:2:10: error: $INCLUDE nested more than 20 deep", StringComparison.Ordinal));

        Assert.Equal(["198.51.100.2"], harness.Addresses("www.other.test."));
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());

        // The loop is free: the next reload answers too, and a fixed file is served.
        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(3, "192.0.2.98"));
        (status, _) = await harness.PostReloadAsync();
        Assert.Equal(200, status);
        Assert.Equal(["192.0.2.98"], harness.Addresses());
    }

    [Fact]
    public async Task A_zone_with_a_line_past_the_cap_fails_alone_and_the_other_edit_is_served()
    {
        var zones = TwoRegionGeo.Zones();
        zones[OtherFile] = Other(1, "198.51.100.1");
        await using var harness = await ReloadHarness.StartAsync(zones, zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99", "big TXT " + new string('x', 300_000)));
        harness.ReplaceZone(OtherFile, Other(2, "198.51.100.2"));
        var (status, body) = await harness.PostReloadAsync();

        Assert.Equal(422, status);
        Assert.False((bool)body["success"]!);
        var reports = body["zones"]!.AsArray().ToDictionary(z => Path.GetFileName((string)z!["file"]!), z => z!);
        Assert.Equal("changed", (string?)reports[OtherFile]["result"]);
        Assert.Matches(@"geo\.test\.zone:6:262145: error: line longer than 262144 characters", (string)reports[ReloadZones.File]["errors"]![0]!);
        Assert.Equal(["198.51.100.2"], harness.Addresses("www.other.test."));
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }

    [Fact]
    public async Task Two_hundred_thousand_bad_lines_give_a_capped_zone_view_and_log()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });
        int before = harness.Log.Messages.Count;

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99", string.Concat(Enumerable.Repeat("x A not-an-address\n", 200_000))));
        var (status, _) = await harness.PostReloadAsync();

        Assert.Equal(422, status);
        var view = await harness.ZoneStatusAsync(ReloadZones.File);
        var errors = view["errors"]!.AsArray();
        Assert.Equal(101, errors.Count);
        Assert.EndsWith("and 199900 more problems not shown (199900 errors, 0 warnings); only the first 100 are kept", (string)errors[^1]!, StringComparison.Ordinal);
        var logged = harness.Log.Messages.Skip(before).Count(m => m.Contains("geo.test.zone:", StringComparison.Ordinal));
        Assert.InRange(logged, 101, 110);
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }

    [Fact]
    public async Task A_txt_string_that_is_not_utf8_is_served_as_the_very_bytes_of_the_file()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });
        var text = System.Text.Encoding.ASCII.GetBytes(ReloadZones.Geo(2, "192.0.2.99", "t TXT \"~\""));
        int at = Array.IndexOf(text, (byte)'~');
        byte[] file = [.. text[..at], 0xC3, 0x28, .. text[(at + 1)..]];
        ReloadHarness.Replace(Path.Combine(harness.ZonesDirectory, ReloadZones.File), file);

        var (status, _) = await harness.PostReloadAsync();

        Assert.Equal(200, status);
        using var udp = DnsSockets.UdpClient(harness.Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(udp, harness.Server.Udp4, EcsWire.Query(0x1234, "t.geo.test.", 16, null));
        // TXT IN, TTL, RDLENGTH 3, one string of length 2: C3 28 (not EF BF BD for U+FFFD).
        byte[] expected = [0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x03, 0x02, 0xC3, 0x28];
        Assert.True(reply.AsSpan().IndexOf(expected) > 0, Convert.ToHexString(reply));
    }

    [Fact]
    public async Task A_zones_directory_that_goes_away_is_logged_once_and_once_more_when_it_is_back()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });
        string away = harness.ZonesDirectory + ".away";

        Directory.Move(harness.ZonesDirectory, away);
        for (int i = 0; i < 5; i++) Assert.Equal(200, (await harness.PostReloadAsync()).Status);
        Directory.Move(away, harness.ZonesDirectory);
        for (int i = 0; i < 3; i++) Assert.Equal(200, (await harness.PostReloadAsync()).Status);

        var messages = harness.Log.Messages;
        Assert.Single(messages, m => m.Contains("zone directory does not exist", StringComparison.Ordinal));
        Assert.Single(messages, m => m.EndsWith("can be read again", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("failed unexpectedly", StringComparison.Ordinal));
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }
}
