using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Reload;

/// <summary><c>POST /v1/reload</c>, <c>GET /v1/zones</c> and SIGHUP.</summary>
public sealed class AdminReloadTests
{
    [Fact]
    public async Task Post_reload_needs_the_token_and_reports_a_rejected_configuration_with_422()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal(401, (await harness.PostReloadAsync(bearer: null)).Status);
        Assert.Equal(401, (await harness.PostReloadAsync("wrong")).Status);

        var (status, body) = await harness.PostReloadAsync();
        Assert.Equal(200, status);
        Assert.True((bool)body["success"]!);
        Assert.Equal("api", (string?)body["trigger"]);
        Assert.Equal("unchanged", (string?)body["config"]!["result"]);

        string good = File.ReadAllText(harness.ConfigFile);
        ReloadHarness.Replace(harness.ConfigFile, good.Replace("\"Listen\":[", "\"Listen\":[\"127.0.0.1:0\",", StringComparison.Ordinal).Replace("\"Zones\":null", "\"Zones\":{\"QuietPeriod\":\"-1s\"}", StringComparison.Ordinal));
        (status, body) = await harness.PostReloadAsync();
        Assert.Equal(422, status);
        Assert.False((bool)body["success"]!);
        Assert.Equal("rejected", (string?)body["config"]!["result"]);
        Assert.StartsWith("Zones:QuietPeriod: '-1s'", (string?)body["config"]!["messages"]![0], StringComparison.Ordinal);
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }

    [Fact]
    public async Task Post_reload_applies_a_zone_change_and_reports_it()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "0s", ["PollInterval"] = "0s" });

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(7, "192.0.2.70"));
        // The watcher may get there first; either way the answer changes and one report lists the change.
        var (status, body) = await harness.PostReloadAsync();
        Assert.Equal(200, status);
        await harness.WaitForAnswerAsync("192.0.2.70");
        var zones = JsonNode.Parse(await harness.Http.GetStringAsync("v1/zones"))!["zones"]!.AsArray();
        var zone = Assert.Single(zones)!;
        Assert.Equal("geo.test.", (string?)zone["zone"]);
        Assert.Equal(7u, (uint)zone["serial"]!);
        Assert.Equal(5, (int)zone["records"]!);
        Assert.NotNull(zone["loadedAt"]);
        Assert.Equal("loaded", (string?)zone["lastResult"]);
        Assert.Equal(2, (long)zone["loads"]!);
        Assert.NotNull(body["zones"]);
    }

    [Fact]
    public async Task Post_reload_right_after_a_write_reports_the_change_instead_of_waiting_for_the_quiet_period()
    {
        // A quiet period no watcher-triggered scan gets past during the test: only the explicit reload reads the file.
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "30s", ["PollInterval"] = "0s" });

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(8, "192.0.2.80"));
        var (status, body) = await harness.PostReloadAsync();

        Assert.Equal(200, status);
        var zone = Assert.Single(body["zones"]!.AsArray())!;
        Assert.Equal("changed", (string?)zone["result"]);
        Assert.Equal(8u, (uint)zone["serial"]!);
        Assert.Equal(["192.0.2.80"], harness.Addresses());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_reload_endpoints()
    {
        await using var harness = await ReloadHarness.StartAsync();
        var paths = JsonNode.Parse(await harness.Http.GetStringAsync("openapi/v1.json"))!["paths"]!.AsObject();
        Assert.NotNull(paths["/v1/zones"]?["get"]);
        Assert.NotNull(paths["/v1/reload"]?["post"]);
    }

    [Fact]
    public async Task The_same_path_as_SIGHUP_reloads_everything()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["PollInterval"] = "0s" });
        long runs = harness.Reload.Status.ReloadsRun;

        harness.Reload.OnHangup();
        var (done, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Trigger == "SIGHUP");

        Assert.True(done, "the hangup never ran a reload");
        Assert.True(harness.Reload.Status.ReloadsRun > runs);
        Assert.Equal("unchanged", harness.Reload.Status.LastReport!.Config.Result);
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }

    [Fact]
    public async Task The_executable_reloads_on_SIGHUP_and_keeps_serving()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        dir.Write("zones/" + ReloadZones.File, ReloadZones.Geo(1, TwoRegionGeo.UsEast));
        string config = dir.Write("geodns.json", """
            { "Listen": [ "127.0.0.1:0" ], "UdpSocketsPerAddress": 1, "Admin": { "Listen": "127.0.0.1:0" },
              "Zones": { "PollInterval": "0s" },
              "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "Networks": { "127.0.0.0/8": [ "us-east", "eu-west" ] } } }
            """);
        using var process = GeoDnsProcess.Start("serve", "--config", config);
        var lines = new List<string>();
        var endPoint = await ReadUntilAsync(process, lines, @"Listening on (\S+) \(TCP\)");

        Signal(process, "HUP");
        await ReadUntilAsync(process, lines, @"Reload \(SIGHUP\) finished");

        using (var udp = DnsSockets.UdpClient(System.Net.IPEndPoint.Parse(endPoint)))
        {
            var (reply, _) = DnsSockets.UdpExchange(udp, System.Net.IPEndPoint.Parse(endPoint), EcsWire.Query(7, "www.geo.test.", 1, null));
            Assert.Equal([TwoRegionGeo.UsEast], EcsWire.Addresses(EcsWire.Parse(reply)));
        }
        Assert.False(process.HasExited);
        Signal(process, "TERM");
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static async Task<string> ReadUntilAsync(Process process, List<string> lines, string pattern)
    {
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        while (true)
        {
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("geodns exited: " + string.Join("\n", lines) + await process.StandardError.ReadToEndAsync());
            lines.Add(line);
            var match = System.Text.RegularExpressions.Regex.Match(line, pattern);
            if (match.Success) return match.Groups.Count > 1 ? match.Groups[1].Value : line;
        }
    }
}
