namespace GeoDns.Core.Health;

/// <summary>The checks of one region.</summary>
public sealed class RegionHealthOptions
{
    /// <summary>How the checks combine: <see cref="CheckRequirement.All"/> (default) or <see cref="CheckRequirement.Any"/>.</summary>
    public CheckRequirement Require { get; set; } = CheckRequirement.All;

    public List<HealthCheckOptions> Checks { get; set; } = [];
}
