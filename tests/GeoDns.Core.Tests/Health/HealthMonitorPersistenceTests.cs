using GeoDns.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Health;

/// <summary>Overrides saved to and restored from an in-memory <see cref="IOverrideStore"/> (the state file: GeoDns.Server.Tests.Health).</summary>
public sealed class HealthMonitorPersistenceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MemoryStore _store = new();

    [Fact]
    public async Task Overrides_are_saved_on_every_change_and_restored_unless_expired()
    {
        await using (var first = new MonitorHarness(new HealthOptions(), _time, _store, "us", "eu", "ap"))
        {
            first.Monitor.SetOverride("eu", RegionState.Down, "migration", null);
            first.Monitor.SetOverride("ap", RegionState.Down, "short", _time.GetUtcNow().AddMinutes(1));
            Assert.Equal(["eu", "ap"], _store.Saved!.Select(o => o.Region));
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        await using var second = new MonitorHarness(new HealthOptions(), _time, _store, "us", "eu", "ap");

        Assert.Equal("migration", second.Status("eu").Override!.Reason);
        Assert.Null(second.Status("ap").Override);
        Assert.Equal(
            $"Override restored on region eu: Down (migration), expires never, from {_store.Location}",
            Assert.Single(second.Logger.Entries, e => e.EventId == 6013).Message);
        Assert.False(Assert.Single(second.Published).IsUp(1));
        second.Monitor.ClearOverride("eu");
        Assert.Empty(_store.Saved!);
    }

    [Fact]
    public async Task An_unreadable_store_is_logged_and_ignored()
    {
        _store.LoadError = new FormatException("bad state 'sideways'");

        await using var h = new MonitorHarness(new HealthOptions(), _time, _store, "eu");

        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.True(h.Logger.Has(6002));
    }

    [Fact]
    public async Task A_restored_override_of_an_unknown_region_is_dropped()
    {
        await using (var first = new MonitorHarness(new HealthOptions(), _time, _store, "eu", "ap"))
        {
            first.Monitor.SetOverride("ap", RegionState.Down, "gone soon", null);
        }

        await using var second = new MonitorHarness(new HealthOptions(), _time, _store, "eu");

        Assert.True(second.Logger.Has(6009));
        Assert.True(second.Monitor.Current.IsUp(0));
    }

    [Fact]
    public async Task An_override_that_cannot_be_saved_is_rejected_and_an_expiry_that_cannot_be_saved_is_logged()
    {
        await using var h = new MonitorHarness(new HealthOptions(), _time, _store, "eu", "ap");
        h.Monitor.SetOverride("ap", RegionState.Down, "brief", _time.GetUtcNow().AddMinutes(1));
        _store.FailSaves = true;

        Assert.Throws<IOException>(() => h.Monitor.SetOverride("eu", RegionState.Down, "maintenance", null));
        Assert.Null(h.Status("eu").Override);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(h.Status("ap").Override);
        Assert.True(h.Logger.Has(6003));
    }
}
