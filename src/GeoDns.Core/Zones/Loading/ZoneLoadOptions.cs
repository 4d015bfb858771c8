namespace GeoDns.Core.Zones.Loading;

/// <summary>Settings for loading zones.</summary>
public sealed class ZoneLoadOptions
{
    /// <summary>
    /// Region names from the topology, in index order (a <c>$REGION</c> name's index is its position
    /// here). Null: no topology, every <c>$REGION</c> name is accepted and numbered in order of first
    /// appearance across the load.
    /// </summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Origin to use instead of <c>$ORIGIN</c>/the file name (absolute presentation form), or null.</summary>
    public string? Origin { get; init; }
}
