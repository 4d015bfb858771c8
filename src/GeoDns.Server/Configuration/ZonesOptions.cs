using GeoDns.Core.Zones.Catalog;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Server.Configuration;

/// <summary>The <c>Zones</c> section: how zone files are reloaded while the server runs.</summary>
internal sealed class ZonesOptions
{
    /// <summary>When a zone's content changed but its SOA serial did not increase, serve it with the serial bumped (else only warn).</summary>
    public bool AutoSerial { get; set; } = ZoneCatalogOptions.DefaultAutoSerial;

    /// <summary>A changed zone (or a changed configuration) is put into service only when its policy tests pass.</summary>
    public bool RequirePassingTests { get; set; } = true;

    /// <summary>How often the zones directory, the config file and the GeoIP database are checked for changes the file watcher missed; zero = never.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Watch the zones directory, included files, the config file and the GeoIP database with file
    /// watchers (inotify); false: only the poll notices changes (file systems that lose or never
    /// send events, or too few inotify watches). Read at start.
    /// </summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// Where a copy of each zone put into service is kept (one file per zone file, written by the
    /// master-file writer), to be served at start when the zone file does not load; null or empty:
    /// no copies. Made absolute (relative to the configuration file's directory) when the configuration loads.
    /// </summary>
    public string? LastGoodDirectory { get; set; } = DefaultLastGoodDirectory;

    /// <summary>At start, any zone file that does not load stops the server, even when a last-good copy of it exists.</summary>
    public bool RequireAll { get; set; }

    /// <summary>The default <see cref="LastGoodDirectory"/>, beside the default <c>Health:StateFile</c>.</summary>
    public const string DefaultLastGoodDirectory = "state/last-good";

    /// <summary>Most records one <c>$GENERATE</c> may make; a larger range fails its zone file (counted before anything is generated).</summary>
    public int MaxGenerateRecords { get; set; } = MasterFileOptions.DefaultMaxGenerateRecords;

    /// <summary>Most records one zone file may hold, included and generated ones counted; past it the file fails.</summary>
    public int MaxRecordsPerZone { get; set; } = MasterFileOptions.DefaultMaxRecords;

    /// <summary>A file written less than this long ago is left for a later scan (editors write in several steps).</summary>
    public TimeSpan QuietPeriod { get; set; } = ZoneCatalogOptions.DefaultQuietPeriod;
}
