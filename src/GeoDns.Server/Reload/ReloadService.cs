using GeoDns.Core.Zones.Catalog;

namespace GeoDns.Server.Reload;

/// <summary>
/// Live reload of zones, configuration and the GeoIP database (watchers, poll, SIGHUP,
/// <c>POST /v1/reload</c>). CONTRACT STUB: the reload helper replaces the body; the members
/// below are what the metrics read at scrape time (thread-safe, never blocking).
/// </summary>
internal sealed class ReloadService
{
    /// <summary>Every zone file and its last result and counts (an immutable list, replaced after each reload).</summary>
    public IReadOnlyList<ZoneFileStatus> ZoneStatus => [];

    /// <summary>Configuration reloads applied since start.</summary>
    public long ConfigReloads => 0;

    /// <summary>Configuration reloads rejected (invalid, or zones/tests failing against it) since start.</summary>
    public long ConfigReloadFailures => 0;

    /// <summary>GeoIP database files swapped in since start.</summary>
    public long GeoDatabaseReloads => 0;

    /// <summary>GeoIP database files rejected (truncated, invalid) since start.</summary>
    public long GeoDatabaseReloadFailures => 0;
}
