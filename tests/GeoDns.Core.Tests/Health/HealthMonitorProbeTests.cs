using GeoDns.Core.Health;
using static GeoDns.Core.Tests.Health.MonitorHarness;

namespace GeoDns.Core.Tests.Health;

/// <summary>How the monitor schedules probes and applies their verdicts, with an in-memory <see cref="IHealthProbe"/>.</summary>
public sealed class HealthMonitorProbeTests
{
    [Fact]
    public async Task Verdicts_apply_with_rise_and_fall_and_their_detail_is_the_status()
    {
        await using var h = new MonitorHarness(Options("eu", Http("http://eu.test/health", rise: 2, fall: 2)), "eu");
        h.Probe.Respond = (_, n) => n < 2 ? ProbeResult.Down("HTTP 503, expected 2xx") : ProbeResult.Up("HTTP 200");
        h.Monitor.Start();

        await h.TickAsync();
        Assert.Equal(RegionState.Up, h.Status("eu").State);
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal("HTTP 503, expected 2xx", h.Status("eu").Checks[0].LastResult);
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        await h.TickAsync();

        Assert.Equal(RegionState.Up, h.Status("eu").State);
        Assert.Equal(2, h.Monitor.StateChanges);
        Assert.True(h.Logger.Has(6001));
    }

    [Fact]
    public async Task A_probe_that_never_answers_fails_at_the_timeout_on_the_monitors_clock()
    {
        await using var h = new MonitorHarness(Options("eu", Http("http://silent.test/health")), "eu");
        h.Probe.Respond = (_, _) => null;
        h.Monitor.Start();

        h.Time.Advance(Interval);
        h.Time.Advance(ProbeTimeout);
        var probe = Assert.Single(await h.ProbesAsync(1));

        Assert.False(probe.Success);
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal($"timed out after {ProbeTimeout}", h.Status("eu").Checks[0].LastResult);
    }

    [Fact]
    public async Task A_crashing_probe_is_logged_and_counts_as_a_failure()
    {
        await using var h = new MonitorHarness(Options("eu", Http("http://eu.test/health")), "eu");
        h.Probe.Respond = (_, _) => throw new InvalidOperationException("boom", new FormatException("inner"));
        h.Monitor.Start();

        Assert.False(Assert.Single(await h.TickAsync()).Success);

        Assert.True(h.Logger.Has(6010));
        Assert.Equal("boom (inner)", h.Status("eu").Checks[0].LastResult);
        Assert.Equal(RegionState.Down, h.Status("eu").State);
    }

    [Fact]
    public async Task A_monitor_without_a_probe_validates_but_cannot_start()
    {
        await using var monitor = new HealthMonitor(Options("eu", Http("http://eu.test/health")), ["eu"],
            TimeProvider.System, new ListLogger(), _ => { });

        Assert.Single(monitor.GetStatus());
        Assert.Throws<InvalidOperationException>(monitor.Start);
    }

    [Fact]
    public void Jitter_is_stable_per_check_and_within_the_interval()
    {
        var offsets = new HashSet<TimeSpan>();
        for (int i = 0; i < 20; i++)
        {
            var options = Http($"http://10.0.0.{i}/health");
            var jitter = new HealthCheck("eu", 0, options, "s").Jitter();
            Assert.Equal(jitter, new HealthCheck("eu", 0, options, "s").Jitter());
            Assert.InRange(jitter, TimeSpan.Zero, Interval - TimeSpan.FromTicks(1));
            offsets.Add(jitter);
        }
        Assert.True(offsets.Count > 10, "checks should be spread over the interval");
    }
}
