namespace GeoDns.Core.Health;

/// <summary>One check's state (after hysteresis) and its last probe (null before the first one).</summary>
public sealed record CheckStatus(
    string Name,
    HealthCheckType Type,
    RegionState State,
    bool? LastSuccess,
    string? LastResult,
    TimeSpan? LastLatency,
    DateTimeOffset? LastTime);
