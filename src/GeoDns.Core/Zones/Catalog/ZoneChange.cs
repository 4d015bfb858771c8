using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>One zone file's change in a prepared <see cref="ZoneReload"/>.</summary>
/// <param name="Path">The zone file (as shown in diagnostics).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Zone">The new zone (Added/Changed), else null.</param>
/// <param name="Previous">The zone this file serves now, or null.</param>
/// <param name="Diagnostics">Everything the load reported (errors, warnings, the serial warning).</param>
public sealed record ZoneChange(string Path, ZoneChangeKind Kind, Zone? Zone, Zone? Previous, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>
    /// For a <see cref="ZoneChangeKind.Failed"/> file that served nothing: the copy loaded in its
    /// place (see <see cref="ZoneCatalog.Prepare"/>), or null. Its zone is served when it loaded
    /// and no other file serves its origin.
    /// </summary>
    public ZoneFallback? Fallback { get; init; }
}
