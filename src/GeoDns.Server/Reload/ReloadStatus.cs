using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Reload;

/// <summary>
/// What the live reload has in force and has done, as one immutable value: the admin API and the
/// metrics read it (never blocking, never half-updated); the reload loop replaces it after each step.
/// </summary>
/// <param name="Configuration">The configuration in force (the admin token, the Zones options read it live).</param>
/// <param name="Geo">The GeoIP database and topology in force.</param>
/// <param name="ZoneStatus">Every zone file and its last result and counts.</param>
/// <param name="PolicyStatus">The last run of each policy test file, by its full path.</param>
/// <param name="LastReport">The report of the last reload that did something, or null.</param>
/// <param name="ConfigReloads">Configuration reloads applied since start.</param>
/// <param name="ConfigReloadFailures">Configuration reloads rejected (invalid, or zones/tests failing against it) since start.</param>
/// <param name="GeoDatabaseReloads">GeoIP database files swapped in since start.</param>
/// <param name="GeoDatabaseReloadFailures">GeoIP database files rejected (truncated, invalid) since start.</param>
/// <param name="ReloadsRun">Reload runs finished by the loop since start (each may have merged several requests).</param>
internal sealed record ReloadStatus(
    GeoDnsConfiguration Configuration,
    GeoSetup Geo,
    IReadOnlyList<ZoneFileStatus> ZoneStatus,
    IReadOnlyDictionary<string, PolicyStatus> PolicyStatus,
    ReloadReport? LastReport,
    long ConfigReloads,
    long ConfigReloadFailures,
    long GeoDatabaseReloads,
    long GeoDatabaseReloadFailures,
    long ReloadsRun)
{
    /// <summary>Before the initial load: the configuration the server started with, nothing loaded or counted yet.</summary>
    public static ReloadStatus Initial(GeoDnsConfiguration configuration) =>
        new(configuration, configuration.Geo, [], new Dictionary<string, PolicyStatus>(StringComparer.Ordinal), null, 0, 0, 0, 0, 0);
}
