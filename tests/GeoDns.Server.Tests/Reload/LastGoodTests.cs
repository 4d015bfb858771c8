using System.Text.Json.Nodes;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Admin;
using GeoDns.Server.Cli;
using GeoDns.Server.Reload;
using GeoDns.Server.Tests.Configuration;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Reload;

/// <summary>
/// Cold start with a broken zone file: the last-good copy (<c>Zones:LastGoodDirectory</c>) is
/// served with a warning, <c>Zones:RequireAll</c> refuses to start instead, and without a copy the
/// zone is REFUSED and its policy tests are not run. Real servers restarted over the same files,
/// queried over UDP on loopback.
/// </summary>
public sealed class LastGoodTests
{
    private const string ZoneFile = "example.com.zone";
    private const string GoodAddress = "192.0.2.25";
    private const string BadAddress = "192.0.2.300";

    private static string ShippedZone => File.ReadAllText(Path.Combine(ConfigurationTests.RepositoryRoot(), "zones", ZoneFile));

    private static string ShippedTests => File.ReadAllText(Path.Combine(ConfigurationTests.RepositoryRoot(), "zones", "example.com.tests"));

    /// <summary>The shipped zone with one bad A record (mail's address).</summary>
    private static string BrokenZone => ShippedZone.Replace(GoodAddress, BadAddress, StringComparison.Ordinal);

    private static string CopyPath(TempDirectory dir) => Path.Combine(dir.Path, "state", "last-good", ZoneFile);

    [Fact]
    public async Task A_cold_start_with_a_broken_zone_serves_the_last_good_copy_until_the_file_is_fixed()
    {
        using var dir = new TempDirectory();
        var zones = SampleGeo.Zones();
        zones["example.com.tests"] = ShippedTests;
        await using (var first = await StartAsync(dir, zones))
        {
            Assert.Equal(["192.0.2.80", "192.0.2.81"], Addresses(first.Server, "api.example.com."));
            Assert.Contains(first.Log.Messages, m => m.StartsWith("Policy tests ", StringComparison.Ordinal) && m.EndsWith(" passed", StringComparison.Ordinal));
        }
        Assert.True(File.Exists(CopyPath(dir)), "no last-good copy was written");
        dir.Write($"zones/{ZoneFile}", BrokenZone);

        await using var second = await StartAsync(dir, zones: null);

        // The copy answers, over UDP, with the data of the last good file.
        Assert.Equal(["192.0.2.80", "192.0.2.81"], Addresses(second.Server, "api.example.com."));
        Assert.Equal([GoodAddress], Addresses(second.Server, "mail.example.com."));
        var status = second.Reload.Status.ZoneStatus.Single(s => s.Path.EndsWith(ZoneFile, StringComparison.Ordinal));
        Assert.Equal(ZoneReloadResult.Failed, status.LastResult);
        string error = status.Errors[0].ToString();
        Assert.Matches(@"example\.com\.zone:\d+:\d+: error: bad A RDATA", error);
        var warning = Assert.Single(second.Log.Entries, e => e.Message.Contains("last good copy", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
        Assert.Contains(error, warning.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("state", "last-good", ZoneFile), warning.Message, StringComparison.Ordinal);
        Assert.Contains("serial 2026112901", warning.Message, StringComparison.Ordinal);
        // Its tests check the broken file, not the copy: not run, said once.
        Assert.Single(second.Log.Messages, m => m.StartsWith("Policy tests ", StringComparison.Ordinal) && m.Contains("not run", StringComparison.Ordinal));

        var zone = await ZoneJsonAsync(second.Server);
        Assert.Equal("failed", (string?)zone["lastResult"]);
        Assert.True((bool)zone["servingLastGood"]!);
        Assert.EndsWith(Path.Combine("last-good", ZoneFile), (string?)zone["lastGood"], StringComparison.Ordinal);
        Assert.Equal(2026112901u, (uint)zone["serial"]!);
        Assert.Contains("geodns_zones_serving_last_good 1", await GetAsync(second.Server, "metrics"), StringComparison.Ordinal);

        // Fixed: the live reload serves the file as usual.
        dir.Write($"zones/{ZoneFile}", ShippedZone.Replace("2026112901", "2026112902", StringComparison.Ordinal).Replace("192.0.2.26", "192.0.2.27", StringComparison.Ordinal));
        await second.Reload.ReloadAsync(ReloadScope.Zones, "test", CancellationToken.None);
        Assert.Equal(["192.0.2.27"], Addresses(second.Server, "mail2.example.com."));
        zone = await ZoneJsonAsync(second.Server);
        Assert.Equal("loaded", (string?)zone["lastResult"]);
        Assert.False((bool)zone["servingLastGood"]!);
        Assert.Null(zone["lastGood"]);
        Assert.Contains("geodns_zones_serving_last_good 0", await GetAsync(second.Server, "metrics"), StringComparison.Ordinal);
        // ... and its copy is the new zone (written off the reload path: wait for it).
        var (rewritten, _) = await ReloadHarness.WaitAsync(() => File.ReadAllText(CopyPath(dir)).Contains("serial 2026112902", StringComparison.Ordinal));
        Assert.True(rewritten, "the copy was not replaced by the fixed zone");
    }

    [Fact]
    public async Task With_RequireAll_a_broken_zone_stops_the_start_even_with_a_last_good_copy()
    {
        using var dir = new TempDirectory();
        await using (await StartAsync(dir, SampleGeo.Zones()))
        {
        }
        Assert.True(File.Exists(CopyPath(dir)));
        dir.Write($"zones/{ZoneFile}", BrokenZone);

        var refused = await Assert.ThrowsAsync<ZoneLoadFailedException>(() => StartAsync(dir, zones: null, zonesSection: new JsonObject { ["RequireAll"] = true }));

        Assert.Matches(@"^zone file \S+example\.com\.zone did not load: \S+example\.com\.zone:\d+:\d+: error: bad A RDATA.*Zones:RequireAll", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task With_RequireAll_geodns_serve_exits_1_with_one_line_naming_the_error()
    {
        using var dir = new TempDirectory();
        dir.Write($"zones/{ZoneFile}", BrokenZone);
        string config = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:0" ], "Admin": { "Enabled": false }, "Zones": { "RequireAll": true } }""");

        using var process = GeoDnsProcess.Start("serve", "--config", config);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.Failure, process.ExitCode);
        string line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^geodns: zone file \S+ did not load: \S+example\.com\.zone:\d+:\d+: error: bad A RDATA", line);
        Assert.DoesNotContain("Listening on", await output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_last_good_copy_the_broken_zone_is_refused_and_its_policy_tests_are_not_run()
    {
        using var dir = new TempDirectory();
        var zones = SampleGeo.Zones();
        zones[ZoneFile] = BrokenZone;
        zones["example.com.tests"] = ShippedTests;

        await using var server = await StartAsync(dir, zones);

        using (var udp = DnsSockets.UdpClient(server.Server.Udp4))
        {
            var (reply, _) = DnsSockets.UdpExchange(udp, server.Server.Udp4, DnsWire.Query(7, "api.example.com."));
            Assert.Equal(DnsWire.Refused, DnsWire.Rcode(reply));
        }
        // The first live scan has run too: it must not run them either.
        var (scanned, _) = await ReloadHarness.WaitAsync(() => server.Reload.Status.ReloadsRun >= 1);
        Assert.True(scanned);
        var skipped = Assert.Single(server.Log.Messages, m => m.StartsWith("Policy tests ", StringComparison.Ordinal));
        Assert.Matches(@"^Policy tests \S+example\.com\.tests not run: \S+example\.com\.zone did not load, so their failures would only repeat its load error", skipped);
        Assert.DoesNotContain(server.Log.Messages, m => m.Contains("REFUSED", StringComparison.Ordinal) && !m.StartsWith("Policy tests ", StringComparison.Ordinal));
        Assert.Contains(server.Log.Messages, m => m.Contains("not loaded; its names are not served", StringComparison.Ordinal));
        Assert.Empty(server.Reload.Status.PolicyStatus);
        Assert.False(File.Exists(CopyPath(dir)));
    }

    [Fact]
    public async Task An_empty_LastGoodDirectory_writes_no_copy_and_serves_none()
    {
        using var dir = new TempDirectory();
        var off = new JsonObject { ["LastGoodDirectory"] = "" };
        await using (await StartAsync(dir, SampleGeo.Zones(), zonesSection: off))
        {
        }
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "state", "last-good")));
        dir.Write("state/last-good/" + ZoneFile, ShippedZone);
        dir.Write($"zones/{ZoneFile}", BrokenZone);

        await using var server = await StartAsync(dir, zones: null, zonesSection: off);

        using var udp = DnsSockets.UdpClient(server.Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(udp, server.Server.Udp4, DnsWire.Query(8, "api.example.com."));
        Assert.Equal(DnsWire.Refused, DnsWire.Rcode(reply));
    }

    [Fact]
    public async Task The_last_good_copy_gives_the_same_answers_as_the_shipped_zone_file()
    {
        using var dir = new TempDirectory();
        var queries = Queries().ToList();
        List<byte[]> expected;
        await using (var first = await StartAsync(dir, SampleGeo.Zones()))
        {
            expected = Ask(first.Server, queries);
        }
        dir.Write($"zones/{ZoneFile}", BrokenZone);

        await using var second = await StartAsync(dir, zones: null);
        Assert.NotNull(second.Reload.Status.ZoneStatus.Single(s => s.Path.EndsWith(ZoneFile, StringComparison.Ordinal)).Fallback);
        var actual = Ask(second.Server, queries);

        for (int i = 0; i < queries.Count; i++)
        {
            var (name, type, subnet) = queries[i];
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{name} type {type} ecs {subnet ?? "none"}: the copy answers differently");
        }
    }

    /// <summary>Every owner of the shipped zone (and names under its wildcards, its delegation and none) × common types × clients of each region.</summary>
    private static IEnumerable<(string Name, ushort Type, string? Subnet)> Queries()
    {
        string[] names =
        [
            "example.com.", "ns1.example.com.", "ns2.example.com.", "mail.example.com.", "mail2.example.com.", "api.example.com.",
            "ftp.example.com.", "docs.example.com.", "txt.example.com.", "a.wild.example.com.", "b.c.wild.example.com.", "wild.example.com.",
            "sub.example.com.", "host.sub.example.com.", "ns2.sub.example.com.", "www.example.com.", "x.cdn.example.com.", "cdn.example.com.",
            "status.example.com.", "nothere.example.com.",
        ];
        ushort[] types = [1, 2, 5, 6, 15, 16, 28, 255];
        string?[] subnets = [null, "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8:1::/48"];
        foreach (string name in names)
        {
            foreach (ushort type in types)
            {
                foreach (string? subnet in subnets) yield return (name, type, subnet);
            }
        }
    }

    private static List<byte[]> Ask(TestServer server, List<(string Name, ushort Type, string? Subnet)> queries)
    {
        using var udp = DnsSockets.UdpClient(server.Udp4);
        var replies = new List<byte[]>(queries.Count);
        for (int i = 0; i < queries.Count; i++)
        {
            var (name, type, subnet) = queries[i];
            var (reply, _) = DnsSockets.UdpExchange(udp, server.Udp4, EcsWire.Query((ushort)i, name, type, subnet));
            replies.Add(reply);
        }
        return replies;
    }

    private static string[] Addresses(TestServer server, string name)
    {
        using var udp = DnsSockets.UdpClient(server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(udp, server.Udp4, EcsWire.Query(1, name, 1, null));
        return [.. EcsWire.Addresses(EcsWire.Parse(reply)).Order(StringComparer.Ordinal)];
    }

    private static async Task<JsonObject> ZoneJsonAsync(TestServer server)
    {
        var zones = JsonNode.Parse(await GetAsync(server, "v1/zones"))!["zones"]!.AsArray();
        return zones.Single(z => ((string)z!["file"]!).EndsWith(ZoneFile, StringComparison.Ordinal))!.AsObject();
    }

    private static async Task<string> GetAsync(TestServer server, string path)
    {
        var admin = server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin}/"), Timeout = DnsSockets.Patience };
        return await http.GetStringAsync(path);
    }

    private static async Task<Started> StartAsync(TempDirectory dir, Dictionary<string, string>? zones, JsonObject? zonesSection = null)
    {
        var log = new LogCapture<ReloadService>();
        var server = await TestServer.StartAsync(
            zones: zones,
            geo: SampleGeo.Section(),
            zonesSection: zonesSection,
            directory: dir,
            configureServices: services => services.AddSingleton<ILogger<ReloadService>>(log));
        return new Started(server, log);
    }

    private sealed class Started(TestServer server, LogCapture<ReloadService> log) : IAsyncDisposable
    {
        public TestServer Server { get; } = server;
        public LogCapture<ReloadService> Log { get; } = log;
        public ReloadService Reload => Server.Host.Services.GetRequiredService<ReloadService>();

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
