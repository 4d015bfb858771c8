using GeoDns.Core.Health;
using static GeoDns.Core.Tests.Health.MonitorHarness;

namespace GeoDns.Core.Tests.Health;

/// <summary>Overrides, reports and reconfiguration, with in-memory probes (the real ones: GeoDns.Server.Tests.Health).</summary>
public sealed class HealthMonitorStateTests
{
    private static readonly ProbeResult Http500 = ProbeResult.Down("HTTP 500, expected 2xx");

    [Fact]
    public async Task Region_without_checks_is_up_and_the_initial_snapshot_is_published()
    {
        await using var h = new MonitorHarness(new HealthOptions { FailoverTtl = TimeSpan.FromSeconds(20) }, "us", "eu");

        var snapshot = Assert.Single(h.Published);
        Assert.Equal(0, snapshot.DownCount);
        Assert.Equal(20u, snapshot.FailoverTtl);
        Assert.Equal(StateCause.NoChecks, h.Status("eu").Cause);
        Assert.Equal(["us", "eu"], h.Monitor.GetStatus().Select(s => s.Region));
    }

    [Fact]
    public async Task Override_takes_effect_at_once_and_ends_exactly_at_its_expiry()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "us", "eu");
        var setAt = h.Time.GetUtcNow();

        h.Monitor.SetOverride("eu", RegionState.Down, "maintenance", setAt.AddMinutes(5));

        var status = h.Status("eu");
        Assert.Equal(RegionState.Down, status.State);
        Assert.Equal(StateCause.Override, status.Cause);
        Assert.Equal(new OverrideInfo(RegionState.Down, "maintenance", setAt.AddMinutes(5), setAt), status.Override);
        Assert.False(h.Monitor.Current.IsUp(1));
        Assert.Equal(2, h.Published.Count);

        h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.False(h.Monitor.Current.IsUp(1));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(h.Monitor.Current.IsUp(1));
        Assert.Null(h.Status("eu").Override);
        Assert.Equal(StateCause.NoChecks, h.Status("eu").Cause);
        Assert.Equal(2, h.Monitor.StateChanges);
        Assert.Equal(3, h.Published.Count);
        Assert.True(h.Logger.Has(6006));
    }

    [Fact]
    public async Task An_override_expiring_beyond_the_longest_timer_is_accepted_and_ends_on_time()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "us", "eu");
        var expires = h.Time.GetUtcNow().AddDays(100);

        h.Monitor.SetOverride("eu", RegionState.Down, "long maintenance", expires);
        Assert.False(h.Monitor.Current.IsUp(1));

        h.Time.Advance(TimeSpan.FromDays(100) - TimeSpan.FromMinutes(1));
        Assert.False(h.Monitor.Current.IsUp(1));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(h.Monitor.Current.IsUp(1));
        Assert.Null(h.Status("eu").Override);
    }

    [Fact]
    public async Task ClearOverride_restores_the_checks_verdict()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "eu");
        Assert.False(h.Monitor.ClearOverride("eu"));
        h.Monitor.SetOverride("eu", RegionState.Down, "drain", null);
        // An override without expiry, on a region never probed: the log says so in words, not "null".
        Assert.Contains(h.Logger.Entries, e => e.EventId == 6004 && e.Message == "Override set on region eu: Down (drain), expires never");
        Assert.Contains(h.Logger.Entries, e => e.EventId == 6000 && e.Message.EndsWith("last probe: none yet", StringComparison.Ordinal));

        Assert.True(h.Monitor.ClearOverride("eu"));

        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Null(h.Status("eu").Override);
        Assert.False(h.Monitor.ClearOverride("eu"));
    }

    [Fact]
    public async Task Override_and_report_arguments_are_checked()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "eu");
        var now = h.Time.GetUtcNow();

        Assert.Throws<KeyNotFoundException>(() => h.Monitor.SetOverride("mars", RegionState.Down, "x", null));
        Assert.Throws<KeyNotFoundException>(() => h.Monitor.ClearOverride("mars"));
        Assert.Throws<KeyNotFoundException>(() => h.Monitor.Report("mars", RegionState.Down, TimeSpan.FromSeconds(5), "probe"));
        Assert.ThrowsAny<ArgumentException>(() => h.Monitor.SetOverride("eu", RegionState.Down, " ", null));
        Assert.Throws<ArgumentException>(() => h.Monitor.SetOverride("eu", RegionState.Down, "x", now));
        Assert.Throws<ArgumentException>(() => h.Monitor.SetOverride("eu", RegionState.Down, "x", now.AddSeconds(-1)));
        Assert.Throws<ArgumentException>(() => h.Monitor.Report("eu", RegionState.Down, TimeSpan.Zero, "probe"));
        Assert.ThrowsAny<ArgumentException>(() => h.Monitor.Report("eu", RegionState.Down, TimeSpan.FromSeconds(5), ""));
        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Equal(0, h.Monitor.StateChanges);
    }

    [Fact]
    public async Task Report_holds_until_its_ttl_then_the_checks_decide_again()
    {
        await using var h = new MonitorHarness(Options("eu", Http("http://eu.test/health")), "eu");
        h.Monitor.Start();
        await h.TickAsync();

        h.Monitor.Report("eu", RegionState.Down, TimeSpan.FromSeconds(25), "probe-fra");

        var status = h.Status("eu");
        Assert.Equal(RegionState.Down, status.State);
        Assert.Equal(StateCause.Report, status.Cause);
        Assert.Equal("probe-fra", status.Report!.Source);
        await h.TickAsync();
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);

        h.Time.Advance(TimeSpan.FromSeconds(5)); // 25 s after the report: it expires, the checks (passing) decide

        Assert.Equal(RegionState.Up, h.Status("eu").State);
        Assert.Equal(StateCause.Checks, h.Status("eu").Cause);
        Assert.Null(h.Status("eu").Report);
        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Equal(2, h.Monitor.StateChanges);
    }

    [Fact]
    public async Task Override_beats_a_report()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "eu");
        h.Monitor.SetOverride("eu", RegionState.Up, "keep serving", null);

        h.Monitor.Report("eu", RegionState.Down, TimeSpan.FromMinutes(1), "probe");

        Assert.Equal(StateCause.Override, h.Status("eu").Cause);
        Assert.True(h.Monitor.Current.IsUp(0));
        h.Monitor.ClearOverride("eu");
        Assert.Equal(StateCause.Report, h.Status("eu").Cause);
        Assert.False(h.Monitor.Current.IsUp(0));
    }

    [Fact]
    public async Task Reconfigure_stops_removed_checks_starts_new_ones_and_keeps_overrides()
    {
        const string oldBackend = "http://old.test/health", newBackend = "http://new.test/health";
        await using var h = new MonitorHarness(Options("eu", Http(oldBackend)), "us", "eu");
        h.Probe.Respond = (check, _) => check.Url == newBackend ? Http500 : ProbeResult.Up("HTTP 200");
        h.Monitor.Start();
        await h.TickAsync();
        h.Monitor.SetOverride("us", RegionState.Down, "kept", null);
        int oldHits = h.Probe.Hits(oldBackend);
        Assert.Equal(1, oldHits);

        // "eu" moves to index 0, "us" to 1; the old check is replaced by one on the new backend.
        h.Monitor.Reconfigure(Options("eu", Http(newBackend)), ["eu", "us"]);
        var afterReload = h.Published[^1];
        Assert.True(afterReload.IsUp(0));
        Assert.False(afterReload.IsUp(1));

        for (int i = 0; i < 3; i++) Assert.Contains(newBackend, Assert.Single(await h.TickAsync()).Check);

        Assert.Equal(oldHits, h.Probe.Hits(oldBackend));
        Assert.Equal(3, h.Probe.Hits(newBackend));
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal("kept", h.Status("us").Override!.Reason);
        Assert.False(h.Monitor.Current.IsUp(0));
        Assert.False(h.Monitor.Current.IsUp(1));
    }

    [Fact]
    public async Task Reconfigure_keeps_the_state_of_unchanged_checks_and_drops_removed_regions()
    {
        const string backend = "http://eu.test/health";
        await using var h = new MonitorHarness(Options("eu", Http(backend)), "eu", "ap");
        h.Probe.Respond = (_, _) => Http500;
        h.Monitor.Start();
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        h.Monitor.SetOverride("ap", RegionState.Down, "x", null);
        long changes = h.Monitor.StateChanges;

        h.Monitor.Reconfigure(Options("eu", Http(backend)), ["eu"]);

        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal(RegionState.Down, h.Status("eu").Checks[0].State);
        Assert.Equal(changes, h.Monitor.StateChanges);
        Assert.Single(h.Monitor.GetStatus());
        await h.TickAsync();
        Assert.Equal(2, h.Probe.Hits(backend));
    }

    [Fact]
    public async Task Reconfigure_with_invalid_options_changes_nothing()
    {
        await using var h = new MonitorHarness(new HealthOptions(), "eu");
        var bad = Options("mars", Http("http://127.0.0.1:1/"));

        var e = Assert.Throws<HealthConfigException>(() => h.Monitor.Reconfigure(bad, ["eu"]));

        Assert.Equal("Regions:mars", e.Path);
        Assert.Single(h.Monitor.GetStatus());
        Assert.Single(h.Published);
    }

    [Fact]
    public async Task StopAsync_cancels_a_probe_in_flight_and_ignores_its_result()
    {
        await using var h = new MonitorHarness(Options("eu", Http("http://silent.test/health")), "eu");
        h.Probe.Respond = (_, _) => null;
        h.Monitor.Start();
        h.Time.Advance(Interval);
        Assert.Equal(1, h.Monitor.ProbesStarted);

        await h.Monitor.StopAsync();
        h.Time.Advance(Interval * 3);

        Assert.Equal(1, h.Monitor.ProbesStarted);
        Assert.Null(h.Status("eu").Checks[0].LastSuccess);
        Assert.Equal(RegionState.Up, h.Status("eu").State);
        Assert.Throws<InvalidOperationException>(() => h.Monitor.Start());
    }
}
