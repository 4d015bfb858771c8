using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Loading;

/// <summary>The outcome of loading a directory: the zones that loaded, and the per-file results.</summary>
public sealed record ZoneSetLoadResult(ZoneSet ZoneSet, IReadOnlyList<ZoneLoadResult> Results)
{
    public bool Success => Results.All(r => r.Success);
    public IEnumerable<Diagnostic> Diagnostics => Results.SelectMany(r => r.Diagnostics);
}
