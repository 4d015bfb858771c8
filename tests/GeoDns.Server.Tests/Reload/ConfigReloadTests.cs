using System.Text.Json.Nodes;
using GeoDns.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GeoDns.Server.Tests.Reload;

/// <summary>geodns.json edited while the server runs: applied whole, or rejected whole with the old configuration kept.</summary>
public sealed class ConfigReloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_changed_network_rule_moves_the_client_to_another_region()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());

        harness.EditConfig(root => root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "us-east", "ap-south"));
        var took = await harness.WaitForAnswerAsync(TwoRegionGeo.EuWest);

        output.WriteLine($"config edit → served in {took.TotalMilliseconds:0} ms");
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held);
        Assert.Equal(0, harness.Reload.Status.ConfigReloadFailures);
    }

    [Fact]
    public async Task Removing_a_region_a_zone_still_uses_is_rejected_and_the_old_configuration_stays()
    {
        await using var harness = await ReloadHarness.StartAsync();

        harness.EditConfig(root =>
        {
            root["Geo"]!["Regions"]!.AsObject().Remove("us-east");
            root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "ap-south");
        });
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");

        Assert.True(rejected, "the configuration was never rejected");
        Assert.Equal(0, harness.Reload.Status.ConfigReloads);
        Assert.Equal(1, harness.Reload.Status.ConfigReloadFailures);
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Equal(["eu-west", "us-east", "ap-south"], harness.Reload.Status.Geo.Topology.RegionNames.OrderBy(r => r == "ap-south").ThenBy(r => r));
        var report = harness.Reload.Status.LastReport!;
        Assert.Equal("rejected", report.Config.Result);
        Assert.Contains(report.Config.Messages, m => m.Contains("geo.test.zone:", StringComparison.Ordinal) && m.Contains("us-east", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_a_region_reloads_the_zones_against_the_new_topology()
    {
        var zones = new Dictionary<string, string> { [ReloadZones.File] = ReloadZones.Geo(1, TwoRegionGeo.UsEast) };
        await using var harness = await ReloadHarness.StartAsync(zones: zones);

        // A new region first in the client's order, used by a zone edited in the same breath.
        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, TwoRegionGeo.UsEast, "$REGION sa-east\nwww 60 IN A 192.0.2.4\n$REGION"));
        harness.EditConfig(root =>
        {
            root["Geo"]!["Regions"]!["sa-east"] = new JsonObject();
            root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("sa-east", "us-east", "eu-west", "ap-south");
        });

        await harness.WaitForAnswerAsync("192.0.2.4");
        // The answer is published first; the reload's bookkeeping follows.
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held);
        Assert.Contains("sa-east", harness.Reload.Status.Geo.Topology.RegionNames);
    }

    [Fact]
    public async Task A_region_added_with_an_empty_body_is_applied()
    {
        await using var harness = await ReloadHarness.StartAsync();

        // Nothing else changes: the empty section alone is the new setting.
        harness.EditConfig(root => root["Geo"]!["Regions"]!["sa-east"] = new JsonObject());

        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held, "the configuration was never applied");
        Assert.Contains("sa-east", harness.Reload.Status.Geo.Topology.RegionNames);
        Assert.Equal(0, harness.Reload.Status.ConfigReloadFailures);
    }

    [Fact]
    public async Task Invalid_JSON_is_rejected_and_the_old_configuration_stays()
    {
        await using var harness = await ReloadHarness.StartAsync();

        ReloadHarness.Replace(harness.ConfigFile, "{ \"Geo\": { \"Regions\": ");
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");

        Assert.True(rejected, "the configuration was never rejected");
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Contains("geodns.json", Assert.Single(harness.Reload.Status.LastReport!.Config.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_is_rejected_naming_its_key_and_keys_read_at_start_only_warn()
    {
        await using var harness = await ReloadHarness.StartAsync();

        harness.EditConfig(root => root["Zones"] = new JsonObject { ["PollInterval"] = "soon" });
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");
        Assert.True(rejected, "the configuration was never rejected");
        Assert.StartsWith("Zones:PollInterval: 'soon'", Assert.Single(harness.Reload.Status.LastReport!.Config.Messages), StringComparison.Ordinal);

        harness.EditConfig(root =>
        {
            root["Zones"] = new JsonObject { ["PollInterval"] = "1s" };
            root["MaxUdpPayload"] = 1400;
            root["QueryLog"] = new JsonObject { ["Enabled"] = true };
        });
        var (applied, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "applied");
        Assert.True(applied, "the configuration was never applied");
        Assert.Equal(TimeSpan.FromSeconds(1), harness.Reload.Status.Configuration.Zones.PollInterval);
        Assert.Contains("MaxUdpPayload changed: takes effect after a restart; the running value stays", harness.Reload.Status.LastReport!.Config.Messages);
        Assert.Contains("QueryLog:Enabled changed: takes effect after a restart; the running value stays", harness.Reload.Status.LastReport!.Config.Messages);
    }

    [Fact]
    public async Task The_admin_token_changes_live()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal(401, (await harness.PostReloadAsync("new-token")).Status);

        harness.EditConfig(root => root["Admin"]!["Token"] = "new-token");
        var (applied, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "applied");

        Assert.True(applied);
        Assert.Equal(200, (await harness.PostReloadAsync("new-token")).Status);
        Assert.Equal(401, (await harness.PostReloadAsync(ReloadHarness.Token)).Status);
    }

    [Fact]
    public async Task A_configuration_that_fails_a_policy_test_is_rejected()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones);

        harness.EditConfig(root => root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "us-east", "ap-south"));
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");

        Assert.True(rejected, "the configuration was never rejected");
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Contains(harness.Reload.Status.LastReport!.Config.Messages, m => m.Contains("geo.test.tests:1:", StringComparison.Ordinal));
        // The zone's test status says the failure was against the rejected configuration, not what is served.
        var tests = (await harness.ZoneStatusAsync(ReloadZones.File))["tests"]!;
        Assert.Single(tests["failures"]!.AsArray());
        Assert.Equal("against the new configuration", (string?)tests["against"]);
    }

    [Fact]
    public async Task With_RequirePassingTests_false_a_configuration_failing_a_policy_test_applies_and_its_failures_are_logged()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["RequirePassingTests"] = false });

        harness.EditConfig(root => root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "us-east"));
        var (applied, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "applied");

        Assert.True(applied, "the configuration was never applied");
        Assert.NotEqual([TwoRegionGeo.UsEast], harness.Addresses());
        Assert.Contains(harness.Reload.Status.LastReport!.Config.Messages, m => m.Contains("geo.test.tests:1:", StringComparison.Ordinal));
        Assert.Single(harness.Log.Messages, m => m.Contains("geo.test.tests:1:", StringComparison.Ordinal));
        var policy = Assert.Single(harness.Reload.Status.PolicyStatus.Values);
        Assert.Single(policy.Failures);
    }

    [Fact]
    public async Task A_rejected_file_put_back_as_it_was_says_so_and_a_deferred_rescan_keeps_its_trigger()
    {
        await using var harness = await ReloadHarness.StartAsync();
        string good = File.ReadAllText(harness.ConfigFile);

        harness.EditConfig(root => root["Zones"] = new JsonObject { ["PollInterval"] = "soon" });
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");
        Assert.True(rejected, "the configuration was never rejected");
        // Deferred until the file was quiet, then run: reported as what noticed the change (not "rescan").
        Assert.Contains(harness.Log.Messages, m => System.Text.RegularExpressions.Regex.IsMatch(m, @"^Configuration not reloaded \((watcher|poll)\): Zones:PollInterval: 'soon'"));

        ReloadHarness.Replace(harness.ConfigFile, good);
        var (said, _) = await ReloadHarness.WaitAsync(() => harness.Log.Messages.Any(m => m.Contains("is the running configuration again", StringComparison.Ordinal)));
        Assert.True(said, "putting the running configuration back was not logged");
        Assert.Equal(0, harness.Reload.Status.ConfigReloads);
    }

    [Fact]
    public async Task A_change_of_the_health_checks_alone_reconfigures_the_monitor()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());

        // A TCP check on a closed loopback port that starts down: us-east's clients fail over to eu-west.
        harness.EditConfig(root => root["Health"] = new JsonObject
        {
            ["Regions"] = new JsonObject
            {
                ["us-east"] = new JsonObject
                {
                    ["Checks"] = new JsonArray(new JsonObject { ["Type"] = "tcp", ["Endpoint"] = "127.0.0.1:1", ["InitialState"] = "down", ["Interval"] = "1h" }),
                },
            },
        });
        await harness.WaitForAnswerAsync(TwoRegionGeo.EuWest);
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held);
        Assert.Contains("Health: checks reconfigured", harness.Reload.Status.LastReport!.Config.Messages);
    }

    [Fact]
    public async Task A_change_that_leaves_health_and_regions_alone_does_not_reconfigure_the_monitor()
    {
        await using var harness = await ReloadHarness.StartAsync();

        harness.EditConfig(root => root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "us-east", "ap-south"));
        await harness.WaitForAnswerAsync(TwoRegionGeo.EuWest);
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held);

        Assert.Equal("applied", harness.Reload.Status.LastReport!.Config.Result);
        Assert.DoesNotContain("Health: checks reconfigured", harness.Reload.Status.LastReport.Config.Messages);
    }

    [Fact]
    public async Task A_configuration_rejected_by_a_policy_test_applies_once_the_test_is_fixed()
    {
        var zones = TwoRegionGeo.Zones();
        zones["geo.test.tests"] = "www.geo.test A from 127.0.0.1 -> 192.0.2.2\n";
        await using var harness = await ReloadHarness.StartAsync(zones: zones);

        harness.EditConfig(root => root["Geo"]!["Networks"]!["127.0.0.0/8"] = new JsonArray("eu-west", "us-east", "ap-south"));
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "rejected");
        Assert.True(rejected, "the configuration was never rejected");

        // The operator meant it: the test is updated to the new expectation; the configuration file is not touched again.
        ReloadHarness.Replace(Path.Combine(harness.ZonesDirectory, "geo.test.tests"), "www.geo.test A from 127.0.0.1 -> 192.0.2.1\n");
        await harness.WaitForAnswerAsync(TwoRegionGeo.EuWest);
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held);
    }
}
