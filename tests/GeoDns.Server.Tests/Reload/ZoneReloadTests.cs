using System.Text.Json.Nodes;
using ARSoft.Tools.Net.Dns;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GeoDns.Server.Tests.Reload;

/// <summary>Zone files edited, broken, fixed, added, deleted and included while the server answers over real UDP/TCP.</summary>
public sealed class ZoneReloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_edited_zone_is_served_over_UDP_and_TCP_and_the_time_it_took_is_reported()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());

        var latencies = new List<double>();
        for (uint serial = 2; serial <= 4; serial++)
        {
            string address = $"192.0.2.{20 + serial}";
            harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(serial, address));
            var took = await harness.WaitForAnswerAsync(address);
            latencies.Add(took.TotalMilliseconds);
            Assert.Equal([address], harness.Addresses(tcp: true));
        }

        var status = await harness.ZoneStatusAsync(ReloadZones.File);
        Assert.Equal(4u, (uint)status["serial"]!);
        Assert.Equal("loaded", (string?)status["lastResult"]);
        Assert.Equal(4, (long)status["loads"]!);
        output.WriteLine($"edit → served (default quiet period 250 ms), ms: {string.Join(", ", latencies.Select(l => l.ToString("0")))}");
    }

    [Fact]
    public async Task A_broken_zone_keeps_the_old_answers_shows_its_error_and_fixing_it_clears_the_error()
    {
        await using var harness = await ReloadHarness.StartAsync();
        long failuresBefore = harness.Reload.Status.ZoneStatus.Single().Failures;

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Broken(2));
        var (failed, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Single().Failures > failuresBefore);
        Assert.True(failed, "the broken file was never tried");

        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses(tcp: true));
        var status = await harness.ZoneStatusAsync(ReloadZones.File);
        Assert.Equal("failed", (string?)status["lastResult"]);
        Assert.Equal(1u, (uint)status["serial"]!);
        string error = Assert.Single(status["errors"]!.AsArray().Select(e => (string)e!));
        Assert.Matches(@"geo\.test\.zone:7:15: ", error);
        Assert.Equal(1, (long)status["failures"]!);

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(3, "192.0.2.33"));
        await harness.WaitForAnswerAsync("192.0.2.33");
        status = await harness.ZoneStatusAsync(ReloadZones.File);
        Assert.Equal("loaded", (string?)status["lastResult"]);
        Assert.Empty(status["errors"]!.AsArray());
        Assert.Equal(3u, (uint)status["serial"]!);
    }

    [Fact]
    public async Task A_new_zone_file_adds_a_zone_and_deleting_it_removes_the_zone()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal(DnsWire.Refused, (int)harness.Query("www.other.test.").ReturnCode);

        harness.ReplaceZone("other.test.zone", """
            $TTL 1h
            @   IN SOA ns1 hostmaster 1 1h 10m 14d 5m
                IN NS ns1
            ns1 IN A 192.0.2.53
            www IN A 198.51.100.77

            """);
        await harness.WaitForAnswerAsync("198.51.100.77", "www.other.test.");
        Assert.Equal(2, harness.Reload.Status.ZoneStatus.Count);

        File.Delete(Path.Combine(harness.ZonesDirectory, "other.test.zone"));
        var (gone, _) = await ReloadHarness.WaitAsync(() => harness.Query("www.other.test.").ReturnCode == ReturnCode.Refused);
        Assert.True(gone, "the deleted zone is still served");
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Equal(ReloadZones.File, Path.GetFileName(Assert.Single(harness.Reload.Status.ZoneStatus).Path));
    }

    [Fact]
    public async Task Editing_a_file_included_from_outside_the_zones_directory_reloads_the_zone()
    {
        // The include lives beside the zones directory, so it needs a watcher of its own.
        var zones = new Dictionary<string, string> { [ReloadZones.File] = ReloadZones.Geo(1, TwoRegionGeo.UsEast, "$INCLUDE ../shared/api.inc") };
        var files = new Dictionary<string, byte[]> { ["shared/api.inc"] = "api 60 IN A 198.51.100.1\n"u8.ToArray() };
        await using var harness = await ReloadHarness.StartAsync(zones: zones, files: files);
        Assert.Equal(["198.51.100.1"], harness.Addresses("api.geo.test."));

        ReloadHarness.Replace(Path.Combine(harness.Server.Directory.Path, "shared", "api.inc"), "api 60 IN A 198.51.100.2\n");
        var took = await harness.WaitForAnswerAsync("198.51.100.2", "api.geo.test.");
        output.WriteLine($"include edit → served in {took.TotalMilliseconds:0} ms");
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
    }

    [Fact]
    public async Task A_failing_policy_test_blocks_the_reload_and_is_reported_like_a_parse_error()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones);

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99"));
        var (tried, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Single().LastResult == ZoneReloadResult.Rejected);
        Assert.True(tried, "the change was never rejected");

        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        var status = await harness.ZoneStatusAsync(ReloadZones.File);
        Assert.Equal("rejected", (string?)status["lastResult"]);
        Assert.Equal(1u, (uint)status["serial"]!);
        string error = Assert.Single(status["errors"]!.AsArray().Select(e => (string)e!));
        Assert.Matches(@"geo\.test\.tests:1:\d+: ", error);
        Assert.Contains("192.0.2.99", error, StringComparison.Ordinal);

        // Fixing the expectation lets the held-back zone in.
        ReloadHarness.Replace(Path.Combine(harness.ZonesDirectory, "geo.test.tests"), "www.geo.test A from 127.0.0.1 -> 192.0.2.99\n");
        await harness.WaitForAnswerAsync("192.0.2.99");
        Assert.Equal(ZoneReloadResult.Loaded, harness.Reload.Status.ZoneStatus.Single().LastResult);
    }

    [Fact]
    public async Task With_RequirePassingTests_false_a_failing_policy_test_does_not_block_the_reload()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["RequirePassingTests"] = false });

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99"));
        await harness.WaitForAnswerAsync("192.0.2.99");

        var status = await harness.ZoneStatusAsync(ReloadZones.File);
        Assert.Equal("loaded", (string?)status["lastResult"]);
        // The failure is still reported with the zone.
        Assert.NotEmpty(status["tests"]!["failures"]!.AsArray());
    }

    [Fact]
    public async Task With_RequirePassingTests_false_each_failure_is_logged_once_and_reported_as_a_warning()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["RequirePassingTests"] = false });

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.99"));
        var (reported, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Zones.Any(z => z.Result == "changed") == true);
        Assert.True(reported, "the change was never reported");

        var report = harness.Reload.Status.LastReport!;
        Assert.True(report.Success);
        var zone = Assert.Single(report.Zones);
        Assert.Empty(zone.Errors);
        Assert.Contains(zone.Warnings, w => w.Contains("geo.test.tests:1:", StringComparison.Ordinal));
        var messages = harness.Log.Messages;
        Assert.Single(messages, m => m.StartsWith("Policy tests ", StringComparison.Ordinal) && m.Contains("1 failing", StringComparison.Ordinal));
        Assert.Single(messages, m => m.Contains("geo.test.tests:1:", StringComparison.Ordinal) && m.Contains("expected 192.0.2.2", StringComparison.Ordinal));
    }

    private static string Simple(string origin, uint serial, string www) => $"""
        $ORIGIN {origin}
        $TTL 1h
        @    IN SOA ns1 hostmaster {serial} 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        www  IN {www}

        """;

    [Fact]
    public async Task A_zone_whose_tests_pass_only_with_another_zones_rejected_change_is_held_back_too()
    {
        var zones = TwoRegionGeo.Zones();
        zones["a.test.zone"] = Simple("a.test.", 1, "A 192.0.2.10");
        zones["a.test.tests"] = "www.a.test A -> 192.0.2.10\n";
        zones["b.test.zone"] = Simple("b.test.", 1, "A 192.0.2.20");
        zones["b.test.tests"] = "www.b.test A -> 192.0.2.20\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["QuietPeriod"] = "400ms" });

        // One edit of both zones: a now points at b and expects b's new address; b's own tests refuse b's change.
        ReloadHarness.Replace(Path.Combine(harness.ZonesDirectory, "a.test.tests"), "www.a.test A -> CNAME www.b.test, 192.0.2.21\n");
        harness.ReplaceZone("a.test.zone", Simple("a.test.", 2, "CNAME www.b.test."));
        harness.ReplaceZone("b.test.zone", Simple("b.test.", 2, "A 192.0.2.21"));
        var (done, _) = await ReloadHarness.WaitAsync(() =>
            harness.Reload.Status.ZoneStatus.Single(z => z.Path.EndsWith("b.test.zone", StringComparison.Ordinal)).LastResult == ZoneReloadResult.Rejected);
        Assert.True(done, "b.test's change was never rejected");

        // a.test's tests would fail against what is served (old b), so a.test keeps its old version.
        var a = harness.Reload.Status.ZoneStatus.Single(z => z.Path.EndsWith("a.test.zone", StringComparison.Ordinal));
        Assert.Equal(ZoneReloadResult.Rejected, a.LastResult);
        Assert.Equal(1u, a.Zone!.Serial);
        Assert.Equal(["192.0.2.10"], harness.Addresses("www.a.test."));
        Assert.Equal(["192.0.2.20"], harness.Addresses("www.b.test."));
        Assert.Contains(a.Errors, e => e.ToString().Contains("a.test.tests:1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Zones_Watch_false_the_poll_alone_finds_an_edit()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["Watch"] = false, ["PollInterval"] = "100ms", ["QuietPeriod"] = "50ms" });
        Assert.Contains(harness.Log.Messages, m => m.StartsWith("Live reload: watching nothing (Zones:Watch is false); poll every 100 ms", StringComparison.Ordinal));

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.55"));
        await harness.WaitForAnswerAsync("192.0.2.55");
    }

    [Fact]
    public async Task A_serial_that_did_not_increase_is_served_and_its_warning_shown_by_the_admin_API()
    {
        await using var harness = await ReloadHarness.StartAsync();

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(1, "192.0.2.66"));
        await harness.WaitForAnswerAsync("192.0.2.66");

        var (shown, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Single().Warnings.Count > 0);
        Assert.True(shown, "no warning recorded");
        var status = await harness.ZoneStatusAsync(ReloadZones.File);
        string warning = Assert.Single(status["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.Matches(@"geo\.test\.zone:\d+:\d+: warning: .*serial 1 is not greater than the serial 1 in service", warning);
    }

    [Fact]
    public async Task An_include_whose_directory_does_not_exist_yet_is_reported_once_not_at_every_poll()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["PollInterval"] = "20ms", ["QuietPeriod"] = "0s" });

        harness.ReplaceZone("inc.test.zone", Simple("inc.test.", 1, "A 192.0.2.70") + "$INCLUDE ../later/extra.inc\n");
        var (failed, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Any(z => z.Path.EndsWith("inc.test.zone", StringComparison.Ordinal)));
        Assert.True(failed, "the new file was never tried");
        long runs = harness.Reload.Status.ReloadsRun;
        var (polled, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ReloadsRun >= runs + 10);
        Assert.True(polled, "the poll did not run");

        Assert.True(harness.Log.Messages.Count(m => m.StartsWith("Cannot watch ", StringComparison.Ordinal)) <= 1,
            string.Join("\n", harness.Log.Messages.Where(m => m.StartsWith("Cannot watch ", StringComparison.Ordinal))));

        // The directory and the file appear: the zone loads (found by the poll).
        Directory.CreateDirectory(Path.Combine(harness.Server.Directory.Path, "later"));
        File.WriteAllText(Path.Combine(harness.Server.Directory.Path, "later", "extra.inc"), "extra IN A 192.0.2.71\n");
        await harness.WaitForAnswerAsync("192.0.2.71", "extra.inc.test.");
    }

    [Fact]
    public async Task Deleting_a_file_that_never_loaded_is_logged_as_such()
    {
        await using var harness = await ReloadHarness.StartAsync(zonesSection: new JsonObject { ["QuietPeriod"] = "0s" });

        harness.ReplaceZone("bad.test.zone", Simple("bad.test.", 1, "A 192.0.2.300"));
        var (failed, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Any(z => z.Path.EndsWith("bad.test.zone", StringComparison.Ordinal)));
        Assert.True(failed, "the broken file was never tried");
        File.Delete(Path.Combine(harness.ZonesDirectory, "bad.test.zone"));
        var (gone, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Count == 1);
        Assert.True(gone, "the deleted file is still listed");

        // The status is published before the change is logged: wait for the line, do not race it.
        var (logged, _) = await ReloadHarness.WaitAsync(() => harness.Log.Messages.Any(m => m.StartsWith("Zone file ", StringComparison.Ordinal)
            && m.Contains("bad.test.zone removed; it served no zone", StringComparison.Ordinal)));
        Assert.True(logged, string.Join("\n", harness.Log.Messages));
        Assert.DoesNotContain(harness.Log.Messages, m => m.StartsWith("Zone ? ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_that_breaks_the_tests_of_another_zone_is_rejected()
    {
        var zones = TwoRegionGeo.Zones();
        zones["a.test.zone"] = Simple("a.test.", 1, "A 192.0.2.10");
        zones["b.test.zone"] = Simple("b.test.", 1, "CNAME www.a.test.");
        // b's tests follow b's CNAME into a: a has no tests of its own.
        zones["b.test.tests"] = "www.b.test A -> CNAME www.a.test, 192.0.2.10\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones);

        harness.ReplaceZone("a.test.zone", Simple("a.test.", 2, "A 192.0.2.11"));
        var (done, _) = await ReloadHarness.WaitAsync(() =>
            harness.Reload.Status.ZoneStatus.Single(z => z.Path.EndsWith("a.test.zone", StringComparison.Ordinal)).LastResult != ZoneReloadResult.Loaded);
        Assert.True(done, "a.test's change was never refused");

        var a = harness.Reload.Status.ZoneStatus.Single(z => z.Path.EndsWith("a.test.zone", StringComparison.Ordinal));
        Assert.Equal(ZoneReloadResult.Rejected, a.LastResult);
        Assert.Contains(a.Errors, e => e.ToString().Contains("b.test.tests:1:", StringComparison.Ordinal));
        Assert.Equal(["192.0.2.10"], harness.Addresses("www.a.test."));

        // b's tests are updated to the new address: the held-back change of a is tried again and served.
        ReloadHarness.Replace(Path.Combine(harness.ZonesDirectory, "b.test.tests"), "www.b.test A -> CNAME www.a.test, 192.0.2.11\n");
        await harness.WaitForAnswerAsync("192.0.2.11", "www.a.test.");
        // b's tests failed against the zones in service until a's change was served; their status follows.
        var (passing, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.PolicyStatus.Values.Single(p => p.File.EndsWith("b.test.tests", StringComparison.Ordinal)).Failures.Count == 0);
        Assert.True(passing, "b.test.tests still shows the failure against the old a.test");

        // A change that keeps b's expectations goes through.
        harness.ReplaceZone("a.test.zone", Simple("a.test.", 3, "A 192.0.2.11") + "new IN A 192.0.2.12\n");
        await harness.WaitForAnswerAsync("192.0.2.12", "new.a.test.");
    }

    [Fact]
    public async Task With_RequirePassingTests_false_a_change_that_breaks_another_zones_tests_applies_and_the_failure_is_logged()
    {
        var zones = TwoRegionGeo.Zones();
        zones["a.test.zone"] = Simple("a.test.", 1, "A 192.0.2.10");
        zones["b.test.zone"] = Simple("b.test.", 1, "CNAME www.a.test.");
        zones["b.test.tests"] = "www.b.test A -> CNAME www.a.test, 192.0.2.10\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["RequirePassingTests"] = false });

        harness.ReplaceZone("a.test.zone", Simple("a.test.", 2, "A 192.0.2.11"));
        await harness.WaitForAnswerAsync("192.0.2.11", "www.a.test.");

        var (logged, _) = await ReloadHarness.WaitAsync(() => harness.Log.Messages.Any(m => m.Contains("b.test.tests:1:", StringComparison.Ordinal)));
        Assert.True(logged, "the failing test of b.test was not logged");
        Assert.Single(harness.Log.Messages, m => m.StartsWith("Policy tests ", StringComparison.Ordinal) && m.Contains("1 failing", StringComparison.Ordinal));
    }
}
