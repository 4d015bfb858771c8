using GeoDns.Core.Zones.MasterFile;

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

    /// <summary>Most records one <c>$GENERATE</c> may make (<c>Zones:MaxGenerateRecords</c>).</summary>
    public int MaxGenerateRecords { get; init; } = MasterFileOptions.DefaultMaxGenerateRecords;

    /// <summary>Most records in one zone, included and generated ones counted (<c>Zones:MaxRecordsPerZone</c>).</summary>
    public int MaxRecordsPerZone { get; init; } = MasterFileOptions.DefaultMaxRecords;

    /// <summary>Most diagnostics kept for one zone file; the rest are counted in one last diagnostic ("and N more").</summary>
    public int MaxDiagnostics { get; init; } = DefaultMaxDiagnostics;

    /// <summary>The default <see cref="MaxDiagnostics"/>.</summary>
    public const int DefaultMaxDiagnostics = 100;
}
