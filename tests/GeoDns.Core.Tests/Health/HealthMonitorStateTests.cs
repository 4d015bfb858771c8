using GeoDns.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static GeoDns.Core.Tests.Health.MonitorHarness;

namespace GeoDns.Core.Tests.Health;

/// <summary>Overrides, reports, persistence and reconfiguration.</summary>
public sealed class HealthMonitorStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("geodns-health-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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
        await using var server = new TestHttpServer();
        await using var h = new MonitorHarness(Options("eu", Http(server.Url)), "eu");
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
    public async Task Overrides_persist_across_monitors_and_expired_ones_are_dropped()
    {
        string file = Path.Combine(_dir, "state", "health.json");
        var options = new HealthOptions { StateFile = file };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var first = new MonitorHarness(options, time, "us", "eu", "ap"))
        {
            first.Monitor.SetOverride("eu", RegionState.Down, "migration", null);
            first.Monitor.SetOverride("ap", RegionState.Down, "short", time.GetUtcNow().AddMinutes(1));
            first.Monitor.SetOverride("us", RegionState.Up, "forced up", time.GetUtcNow().AddHours(1));
        }
        Assert.True(File.Exists(file));
        Assert.False(File.Exists(file + ".tmp"));

        time.Advance(TimeSpan.FromMinutes(2));
        await using var second = new MonitorHarness(options, time, "us", "eu", "ap");

        var eu = second.Status("eu");
        Assert.Equal(RegionState.Down, eu.State);
        Assert.Equal("migration", eu.Override!.Reason);
        Assert.Null(eu.Override.Expires);
        Assert.Null(second.Status("ap").Override);
        Assert.Equal(time.GetUtcNow().AddMinutes(58), second.Status("us").Override!.Expires);
        var initial = Assert.Single(second.Published);
        Assert.False(initial.IsUp(1));
        Assert.True(initial.IsUp(2));
    }

    [Fact]
    public async Task Each_override_restored_from_the_state_file_is_logged_with_its_reason_and_expiry()
    {
        string file = Path.Combine(_dir, "state", "health.json");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var expires = time.GetUtcNow().AddHours(1);
        await using (var first = new MonitorHarness(new HealthOptions { StateFile = file }, time, "us", "eu", "ap"))
        {
            first.Monitor.SetOverride("eu", RegionState.Down, "migration", null);
            first.Monitor.SetOverride("us", RegionState.Up, "forced up", expires);
        }

        await using var second = new MonitorHarness(new HealthOptions { StateFile = file }, time, "us", "eu", "ap");

        var restored = second.Logger.Entries.Where(e => e.EventId == 6013).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                $"Override restored on region eu: Down (migration), expires never, from {file}",
                $"Override restored on region us: Up (forced up), expires {expires.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}, from {file}",
            ],
            restored);
        Assert.All(second.Logger.Entries.Where(e => e.EventId == 6013), e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"version\":1,\"overrides\":{\"eu\":{\"state\":\"sideways\",\"reason\":\"x\",\"expires\":null,\"setAt\":\"2026-01-01T00:00:00Z\"}}}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_corrupt_state_file_is_logged_and_ignored(string content)
    {
        string file = Path.Combine(_dir, "health.json");
        await File.WriteAllTextAsync(file, content);

        await using var h = new MonitorHarness(new HealthOptions { StateFile = file }, "eu");

        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Null(h.Status("eu").Override);
        Assert.True(h.Logger.Has(6002));
        h.Monitor.SetOverride("eu", RegionState.Down, "after corruption", null);
        await using var again = new MonitorHarness(new HealthOptions { StateFile = file }, "eu");
        Assert.Equal("after corruption", again.Status("eu").Override!.Reason);
    }

    [Fact]
    public async Task Persisted_override_of_a_region_that_no_longer_exists_is_dropped()
    {
        string file = Path.Combine(_dir, "health.json");
        await using (var first = new MonitorHarness(new HealthOptions { StateFile = file }, "eu", "ap"))
        {
            first.Monitor.SetOverride("ap", RegionState.Down, "gone soon", null);
        }

        await using var second = new MonitorHarness(new HealthOptions { StateFile = file }, "eu");

        Assert.True(second.Monitor.Current.IsUp(0));
        Assert.True(second.Logger.Has(6009));
    }

    [Fact]
    public async Task Reconfigure_stops_removed_checks_starts_new_ones_and_keeps_overrides()
    {
        await using var oldBackend = new TestHttpServer();
        await using var newBackend = new TestHttpServer(_ => new Reply(500, "no"));
        await using var h = new MonitorHarness(Options("eu", Http(oldBackend.Url)), "us", "eu");
        h.Monitor.Start();
        await h.TickAsync();
        h.Monitor.SetOverride("us", RegionState.Down, "kept", null);
        int oldHits = oldBackend.Hits;
        Assert.Equal(1, oldHits);

        // "eu" moves to index 0, "us" to 1; the old check is replaced by one on the new backend.
        h.Monitor.Reconfigure(Options("eu", Http(newBackend.Url)), ["eu", "us"]);
        var afterReload = h.Published[^1];
        Assert.True(afterReload.IsUp(0));
        Assert.False(afterReload.IsUp(1));

        for (int i = 0; i < 3; i++) Assert.Contains(newBackend.Url, Assert.Single(await h.TickAsync()).Check);

        Assert.Equal(oldHits, oldBackend.Hits);
        Assert.Equal(3, newBackend.Hits);
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal("kept", h.Status("us").Override!.Reason);
        Assert.False(h.Monitor.Current.IsUp(0));
        Assert.False(h.Monitor.Current.IsUp(1));
    }

    [Fact]
    public async Task Reconfigure_keeps_the_state_of_unchanged_checks_and_drops_removed_regions()
    {
        await using var backend = new TestHttpServer(_ => new Reply(500, "no"));
        await using var h = new MonitorHarness(Options("eu", Http(backend.Url)), "eu", "ap");
        h.Monitor.Start();
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        h.Monitor.SetOverride("ap", RegionState.Down, "x", null);
        long changes = h.Monitor.StateChanges;

        h.Monitor.Reconfigure(Options("eu", Http(backend.Url)), ["eu"]);

        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal(RegionState.Down, h.Status("eu").Checks[0].State);
        Assert.Equal(changes, h.Monitor.StateChanges);
        Assert.Single(h.Monitor.GetStatus());
        await h.TickAsync();
        Assert.Equal(2, backend.Hits);
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
    public async Task An_override_that_cannot_be_persisted_is_rejected_and_not_applied()
    {
        string blocker = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        await using var h = new MonitorHarness(new HealthOptions { StateFile = Path.Combine(blocker, "health.json") }, "eu");

        Assert.ThrowsAny<IOException>(() => h.Monitor.SetOverride("eu", RegionState.Down, "maintenance", null));

        Assert.Null(h.Status("eu").Override);
        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Single(h.Published);
    }

    [Fact]
    public async Task StopAsync_cancels_a_probe_in_flight_and_ignores_its_result()
    {
        await using var silent = new TestHttpServer(_ => null);
        await using var h = new MonitorHarness(Options("eu", Http(silent.Url)), "eu");
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
