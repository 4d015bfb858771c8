namespace GeoDns.Core.Health;

/// <summary>The <c>Health</c> configuration section. The server binds it (durations accept "10s", "500ms", "1m", "00:00:10").</summary>
public sealed class HealthOptions
{
    /// <summary>TTL cap for region-specific answers served in failover (the preferred region is down).</summary>
    public TimeSpan FailoverTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where admin overrides are persisted (atomically); null = not persisted.</summary>
    public string? StateFile { get; set; }

    /// <summary>Checks per region name (regions without an entry are up unless overridden/reported).</summary>
    public Dictionary<string, RegionHealthOptions> Regions { get; set; } = new(StringComparer.Ordinal);
}
