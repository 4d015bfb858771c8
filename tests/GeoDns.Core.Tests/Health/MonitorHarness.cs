using System.Threading.Channels;
using GeoDns.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Health;

/// <summary>
/// A <see cref="HealthMonitor"/> on fake time with a <see cref="FakeProbe"/> (and optionally an override store), recording
/// what it publishes and logs; probes are awaited, never slept on. The server's tests derive from it to
/// wire the real prober and state file store (this file is linked into them).
/// </summary>
internal class MonitorHarness : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<(string Region, string Check, bool Success)> _probes = Channel.CreateUnbounded<(string, string, bool)>();
    private readonly List<HealthSnapshot> _published = [];
    private readonly IDisposable? _owned;

    public MonitorHarness(HealthOptions options, params string[] regions)
        : this(options, DefaultTime(), regions)
    {
    }

    public MonitorHarness(HealthOptions options, FakeTimeProvider time, params string[] regions)
        : this(options, time, null, regions)
    {
    }

    public MonitorHarness(HealthOptions options, FakeTimeProvider time, IOverrideStore? store, params string[] regions)
        : this(options, time, null, store, null, regions)
    {
    }

    /// <param name="probe">null: <see cref="Probe"/>, the fake.</param>
    /// <param name="owned">disposed after the monitor (a real prober).</param>
    protected MonitorHarness(HealthOptions options, FakeTimeProvider time, IHealthProbe? probe, IOverrideStore? store, IDisposable? owned, string[] regions)
    {
        Time = time;
        _owned = owned;
        Monitor = new HealthMonitor(options, regions, Time, Logger, Publish, probe ?? Probe, store);
        Monitor.ProbeCompleted += (region, check, success) => _probes.Writer.TryWrite((region, check, success));
    }

    /// <summary>A fake clock at a fixed start: only the time between events matters to the monitor.</summary>
    protected static FakeTimeProvider DefaultTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeTimeProvider Time { get; }
    public FakeProbe Probe { get; } = new();
    public ListLogger Logger { get; } = new();
    public HealthMonitor Monitor { get; }

    public IReadOnlyList<HealthSnapshot> Published
    {
        get
        {
            lock (_published) return [.. _published];
        }
    }

    /// <summary>Advances fake time by one interval (or <paramref name="step"/>) and waits for <paramref name="probes"/> probes to complete.</summary>
    public async Task<List<(string Region, string Check, bool Success)>> TickAsync(int probes = 1, TimeSpan? step = null)
    {
        Time.Advance(step ?? Interval);
        return await ProbesAsync(probes);
    }

    public async Task<List<(string Region, string Check, bool Success)>> ProbesAsync(int probes)
    {
        var done = new List<(string, string, bool)>();
        for (int i = 0; i < probes; i++) done.Add(await _probes.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        return done;
    }

    public RegionStatus Status(string region)
    {
        foreach (var status in Monitor.GetStatus())
        {
            if (status.Region == region) return status;
        }
        throw new KeyNotFoundException(region);
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        _owned?.Dispose();
    }

    public static HealthOptions Options(string region, params HealthCheckOptions[] checks)
        => Options(region, CheckRequirement.All, checks);

    public static HealthOptions Options(string region, CheckRequirement require, params HealthCheckOptions[] checks)
    {
        var options = new HealthOptions();
        options.Regions[region] = new RegionHealthOptions { Require = require, Checks = [.. checks] };
        return options;
    }

    public static HealthCheckOptions Http(string url, int rise = 1, int fall = 1, RegionState initial = RegionState.Up) => new()
    {
        Type = HealthCheckType.Http,
        Url = url,
        Interval = Interval,
        Timeout = ProbeTimeout,
        Rise = rise,
        Fall = fall,
        InitialState = initial,
    };

    public static HealthCheckOptions Tcp(int port, int rise = 1, int fall = 1, RegionState initial = RegionState.Up) => new()
    {
        Type = HealthCheckType.Tcp,
        Endpoint = $"127.0.0.1:{port}",
        Interval = Interval,
        Timeout = ProbeTimeout,
        Rise = rise,
        Fall = fall,
        InitialState = initial,
    };

    private void Publish(HealthSnapshot snapshot)
    {
        lock (_published) _published.Add(snapshot);
    }
}
