namespace GeoDns.Core.Health;

/// <summary>
/// The runtime of one configured check: hysteresis counters, last probe, its timer and the probe
/// in flight. Mutable state is guarded by the monitor's lock; one probe in flight at a time (the
/// timer is one-shot and re-armed when a probe completes).
/// </summary>
internal sealed class HealthCheck
{
    public HealthCheck(string region, int index, HealthCheckOptions options, string signature)
    {
        Region = region;
        Index = index;
        Options = options;
        Signature = signature;
        Name = NameOf(options);
        State = options.InitialState;
    }

    public string Region { get; }
    public int Index { get; set; }
    public HealthCheckOptions Options { get; }
    /// <summary>Identity across reloads: a check whose options are unchanged keeps its state.</summary>
    public string Signature { get; }
    public string Name { get; }

    public RegionState State { get; set; }
    public int Successes { get; set; }
    public int Failures { get; set; }
    public bool? LastSuccess { get; set; }
    public string? LastResult { get; set; }
    public TimeSpan? LastLatency { get; set; }
    public DateTimeOffset? LastTime { get; set; }

    public ITimer? Timer { get; set; }
    public Task? InFlight { get; set; }
    public bool Stopped { get; set; }
    public bool Probing { get; set; }
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Applies one probe verdict with hysteresis; true when the check's state flipped.</summary>
    public bool Apply(bool success)
    {
        if (success)
        {
            Failures = 0;
            Successes++;
            if (State == RegionState.Down && Successes >= Options.Rise)
            {
                State = RegionState.Up;
                return true;
            }
        }
        else
        {
            Successes = 0;
            Failures++;
            if (State == RegionState.Up && Failures >= Options.Fall)
            {
                State = RegionState.Down;
                return true;
            }
        }
        return false;
    }

    public CheckStatus ToStatus() => new(Name, Options.Type, State, LastSuccess, LastResult, LastLatency, LastTime);

    /// <summary>Offset of the first probe within the interval, stable for a check (spreads probes).</summary>
    public TimeSpan Jitter()
    {
        // FNV-1a over region and name: deterministic across runs (string.GetHashCode is not).
        uint hash = 2166136261;
        foreach (char c in Region) hash = (hash ^ c) * 16777619;
        hash = (hash ^ '/') * 16777619;
        foreach (char c in Name) hash = (hash ^ c) * 16777619;
        long ticks = Options.Interval.Ticks;
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(ticks * (hash / 4294967296.0)));
    }

    private static string NameOf(HealthCheckOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Name)) return options.Name;
        return options.Type switch
        {
            HealthCheckType.Tcp => $"tcp {options.Endpoint}",
            _ => $"{options.Method.ToUpperInvariant()} {options.Url}",
        };
    }
}
