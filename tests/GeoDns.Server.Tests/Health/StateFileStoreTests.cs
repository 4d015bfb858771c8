using GeoDns.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Server.Tests.Health;

/// <summary>Overrides persisted by <see cref="GeoDns.Server.Health.StateFileStore"/> in a real state file.</summary>
public sealed class StateFileStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("geodns-health-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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
}
