using Microsoft.Extensions.Logging;

namespace GeoDns.Core.Health;

/// <summary>
/// Runs the configured health checks and decides each region's effective state: an admin
/// override (until it expires) &gt; a fresh external report (until its TTL) &gt; the region's checks
/// (each with rise/fall hysteresis, combined by <see cref="RegionHealthOptions.Require"/>; no checks
/// = up). Every change of an effective state is logged, counted and published as a new
/// <see cref="HealthSnapshot"/> (indices are positions in the region name list). Probes run on the
/// given <see cref="TimeProvider"/>: one one-shot timer per check, re-armed when its probe
/// completes, so a check never has two probes in flight. Thread-safe; all state is guarded by one
/// lock (the query path never touches it: it reads the published snapshot).
/// </summary>
public sealed partial class HealthMonitor : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<HealthSnapshot> _publish;
    private readonly IHealthProbe? _probe;
    private readonly IOverrideStore? _store;
    private readonly ITimer _expiryTimer;
    private HealthOptions _options;
    private List<HealthRegion> _regions;
    private Dictionary<string, HealthRegion> _byName;
    private HealthSnapshot _current = HealthSnapshot.AllUp;
    private long _stateChanges;
    private readonly Dictionary<string, long> _stateChangesByRegion = new(StringComparer.Ordinal);
    private bool _started;
    private bool _stopped;
    private bool _disposed;

    /// <summary>The clock the monitor runs on: overrides and reports expire by it.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Validates <paramref name="options"/>, loads the persisted overrides from <paramref name="store"/> and
    /// publishes the initial snapshot (through <paramref name="publish"/>, before returning). Probes
    /// start with <see cref="Start"/>.
    /// </summary>
    /// <param name="regionNames">The topology's regions; a region's index in this list is its index in the snapshots.</param>
    /// <param name="publish">Called (under the monitor's lock, so in order) with each new snapshot, e.g. <c>ServingState.SetHealth</c>.</param>
    /// <param name="probe">Runs the checks' probes; null = a monitor that only validates and never starts (<see cref="Start"/> throws).</param>
    /// <param name="store">Where overrides are persisted (the server's <c>Health:StateFile</c>); null = not persisted.</param>
    /// <exception cref="HealthConfigException">Invalid options.</exception>
    public HealthMonitor(HealthOptions options, IReadOnlyList<string> regionNames, TimeProvider time,
        ILogger logger, Action<HealthSnapshot> publish, IHealthProbe? probe = null, IOverrideStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(publish);
        Validate(options, regionNames);

        _time = time;
        _logger = logger;
        _publish = publish;
        _options = options;
        _probe = probe;
        _store = store;

        (_regions, _byName) = HealthRegions.Build(options, regionNames, previous: null);
        LoadOverrides();
        _expiryTimer = time.CreateTimer(static state => ((HealthMonitor)state!).OnExpiryDue(), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            foreach (var region in _regions) (region.State, region.Cause) = EffectiveState(region);
            Evaluate(forcePublish: true);
        }
        HealthLog.Configured(_logger, _regions.Count, HealthRegions.CountChecks(_regions));
    }

    /// <summary>The snapshot published last.</summary>
    public HealthSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Number of effective region state changes since construction.</summary>
    public long StateChanges => Interlocked.Read(ref _stateChanges);

    /// <summary>Effective state changes per region name since construction (a copy; for the metrics, not the query path).</summary>
    public IReadOnlyDictionary<string, long> StateChangesByRegion
    {
        get
        {
            lock (_gate) return new Dictionary<string, long>(_stateChangesByRegion, StringComparer.Ordinal);
        }
    }

    /// <summary>Raised after each probe has been applied (region, check name, success); tests wait on it.</summary>
    internal event Action<string, string, bool>? ProbeCompleted;

    /// <summary>Starts the checks: each first probes at a stable offset within its interval (spreading the load), then every interval.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stopped) throw new InvalidOperationException("The health monitor has been stopped.");
            if (_probe is null) throw new InvalidOperationException("The health monitor has no probe to run its checks with.");
            if (_started) return;
            _started = true;
            foreach (var region in _regions)
            {
                foreach (var check in region.Checks) Schedule(check, check.Jitter());
            }
        }
    }

    /// <summary>Stops every probe and waits (bounded) for the ones in flight.</summary>
    public async Task StopAsync()
    {
        var inFlight = new List<Task>();
        lock (_gate)
        {
            _stopped = true;
            foreach (var region in _regions)
            {
                foreach (var check in region.Checks)
                {
                    StopCheck(check);
                    if (check.InFlight is { } task) inFlight.Add(task);
                }
            }
        }
        if (inFlight.Count == 0) return;
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            HealthLog.StopTimedOut(_logger, StopWait);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _expiryTimer.Dispose();
        }
    }

    /// <summary>Every region (in region order) with its state, cause, checks, override and report.</summary>
    public IReadOnlyList<RegionStatus> GetStatus()
    {
        lock (_gate)
        {
            var list = new List<RegionStatus>(_regions.Count);
            foreach (var region in _regions) list.Add(region.ToStatus());
            return list;
        }
    }

    /// <summary>Forces a region's state until <paramref name="expires"/> (null = until cleared); persisted to the override store.</summary>
    /// <exception cref="KeyNotFoundException">Unknown region.</exception>
    /// <exception cref="ArgumentException">Empty reason, undefined state, or an expiry not in the future.</exception>
    public void SetOverride(string region, RegionState state, string reason, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!Enum.IsDefined(state)) throw new ArgumentException($"Undefined region state {state}.", nameof(state));
        lock (_gate)
        {
            var target = Find(region);
            var now = _time.GetUtcNow();
            if (expires is { } at && at <= now)
                throw new ArgumentException($"The expiry {at:O} is not in the future.", nameof(expires));
            var previous = target.Override;
            target.Override = new OverrideInfo(state, reason, expires, now);
            try
            {
                Persist();
            }
            catch
            {
                target.Override = previous;
                throw;
            }
            HealthLog.OverrideSet(_logger, target.Name, state, reason, expires);
            Evaluate(forcePublish: false);
        }
    }

    /// <summary>Removes a region's override (persisted); false when it had none.</summary>
    /// <exception cref="KeyNotFoundException">Unknown region.</exception>
    public bool ClearOverride(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        lock (_gate)
        {
            var target = Find(region);
            if (target.Override is not { } previous) return false;
            target.Override = null;
            try
            {
                Persist();
            }
            catch
            {
                target.Override = previous;
                throw;
            }
            HealthLog.OverrideCleared(_logger, target.Name);
            Evaluate(forcePublish: false);
            return true;
        }
    }

    /// <summary>An external probe's verdict on a region, valid for <paramref name="ttl"/>; afterwards the checks decide again.</summary>
    /// <exception cref="KeyNotFoundException">Unknown region.</exception>
    /// <exception cref="ArgumentException">Non-positive TTL, empty source or undefined state.</exception>
    public void Report(string region, RegionState state, TimeSpan ttl, string source)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (ttl <= TimeSpan.Zero) throw new ArgumentException("The report TTL must be positive.", nameof(ttl));
        if (!Enum.IsDefined(state)) throw new ArgumentException($"Undefined region state {state}.", nameof(state));
        lock (_gate)
        {
            var target = Find(region);
            var expires = _time.GetUtcNow() + ttl;
            target.Report = new ReportInfo(state, source, expires);
            HealthLog.ReportReceived(_logger, target.Name, source, state, expires);
            Evaluate(forcePublish: false);
        }
    }

    /// <summary>
    /// Applies a reloaded configuration: unchanged checks keep their state and schedule, removed or
    /// changed ones stop, new ones start (when the monitor runs); overrides and reports are kept for
    /// regions that still exist. Publishes a snapshot for the new region indices.
    /// </summary>
    /// <exception cref="HealthConfigException">Invalid options (nothing changes).</exception>
    public void Reconfigure(HealthOptions options, IReadOnlyList<string> regionNames)
    {
        Validate(options, regionNames);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (regions, byName) = HealthRegions.Build(options, regionNames, _byName);
            bool droppedOverride = false;
            foreach (var old in _regions)
            {
                foreach (var check in old.Checks)
                {
                    if (!check.Stopped && !HealthRegions.IsKept(check, byName)) StopCheck(check);
                }
                if (old.Override is not null && !byName.ContainsKey(old.Name)) droppedOverride = true;
            }
            foreach (var region in regions)
            {
                if (_byName.TryGetValue(region.Name, out var old))
                {
                    region.Override = old.Override;
                    region.Report = old.Report;
                    region.State = old.State;
                    region.Cause = old.Cause;
                    region.LastResult = old.LastResult;
                }
                else
                {
                    (region.State, region.Cause) = EffectiveState(region);
                }
            }
            _options = options;
            _regions = regions;
            _byName = byName;
            if (_started && !_stopped)
            {
                foreach (var region in regions)
                {
                    foreach (var check in region.Checks)
                    {
                        if (check.Timer is null) Schedule(check, check.Jitter());
                    }
                }
            }
            if (droppedOverride) TryPersist();
            Evaluate(forcePublish: true);
        }
        HealthLog.Configured(_logger, regionNames.Count, HealthRegions.CountChecks(_regions));
    }

    private HealthRegion Find(string region)
        => _byName.TryGetValue(region, out var found)
            ? found
            : throw new KeyNotFoundException($"Unknown region '{region}'.");

    private (RegionState, StateCause) EffectiveState(HealthRegion region)
    {
        if (region.Override is { } forced) return (forced.State, StateCause.Override);
        if (region.Report is { } reported) return (reported.State, StateCause.Report);
        return region.FromChecks();
    }

    /// <summary>
    /// Drops expired overrides and reports, recomputes every region and publishes when an
    /// effective state changed (or when forced); re-arms the expiry timer. Caller holds the lock.
    /// </summary>
    private void Evaluate(bool forcePublish)
    {
        var now = _time.GetUtcNow();
        bool persist = false;
        bool changed = false;
        foreach (var region in _regions)
        {
            if (region.Override is { Expires: { } overrideEnd } && overrideEnd <= now)
            {
                region.Override = null;
                persist = true;
                HealthLog.OverrideExpired(_logger, region.Name);
            }
            if (region.Report is { } report && report.Expires <= now)
            {
                region.Report = null;
                HealthLog.ReportExpired(_logger, region.Name, report.Source);
            }
            var (state, cause) = EffectiveState(region);
            if (state != region.State)
            {
                HealthLog.RegionStateChanged(_logger, region.Name, region.State, state, cause, region.LastResult);
                Interlocked.Increment(ref _stateChanges);
                _stateChangesByRegion[region.Name] = _stateChangesByRegion.GetValueOrDefault(region.Name) + 1;
                changed = true;
            }
            region.State = state;
            region.Cause = cause;
        }
        if (persist) TryPersist();
        if (changed || forcePublish)
        {
            var down = new List<int>();
            var names = new string[_regions.Count];
            foreach (var region in _regions)
            {
                if (region.State == RegionState.Down) down.Add(region.Index);
                names[region.Index] = region.Name;
            }
            var snapshot = new HealthSnapshot(down, FailoverTtlSeconds(_options.FailoverTtl), names);
            Volatile.Write(ref _current, snapshot);
            _publish(snapshot);
        }
        ArmExpiryTimer(now);
    }

    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(1);

    private static uint FailoverTtlSeconds(TimeSpan ttl) => (uint)Math.Floor(ttl.TotalSeconds);

    private void ArmExpiryTimer(DateTimeOffset now)
    {
        if (_disposed || _expiryTimer is null) return;
        DateTimeOffset? next = null;
        foreach (var region in _regions)
        {
            if (region.Override is { Expires: { } a } && (next is null || a < next)) next = a;
            if (region.Report is { } r && (next is null || r.Expires < next)) next = r.Expires;
        }
        var due = next is { } at ? (at > now ? at - now : TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
        // Timers take at most ~49.7 days; a later expiry wakes up daily, re-evaluates and re-arms.
        if (due > MaxTimerDue) due = MaxTimerDue;
        _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnExpiryDue()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Evaluate(forcePublish: false);
        }
    }
}
