using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.PolicyTests;

/// <summary>What the runner takes from the configuration besides zones and topology.</summary>
internal sealed record PolicyRunOptions
{
    /// <summary>Defaults: failover TTL 30 s, default protocol options.</summary>
    public static PolicyRunOptions Default { get; } = new();

    /// <summary>TTL cap (seconds) of answers served in failover (<c>Health:FailoverTtl</c>), so <c>ttl N</c> sees what clients see.</summary>
    public uint FailoverTtl { get; init; } = HealthSnapshot.DefaultFailoverTtl;

    /// <summary>The processor's protocol options (identity, payload size).</summary>
    public ProtocolOptions Protocol { get; init; } = new();

    /// <summary>The options of a loaded configuration.</summary>
    public static PolicyRunOptions From(GeoDnsConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new PolicyRunOptions
        {
            FailoverTtl = (uint)Math.Floor(configuration.Health.FailoverTtl.TotalSeconds),
            Protocol = RuntimeSettings.Protocol(configuration),
        };
    }
}
