using GeoDns.Core.Geo;
using GeoDns.Core.Zones;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Geo;

/// <summary>
/// The compiled <c>Geo</c> section: the GeoIP database (if any) opened and the topology built,
/// the same way for <c>serve</c>, <c>check</c> and <c>explain</c>.
/// </summary>
internal sealed class GeoSetup
{
    private GeoSetup(GeoOptions options, GeoTopology topology, IGeoDatabase? database, string? databasePath)
    {
        Options = options;
        Topology = topology;
        Database = database;
        DatabasePath = databasePath;
    }

    public GeoOptions Options { get; }
    public GeoTopology Topology { get; }
    public IGeoDatabase? Database { get; }

    /// <summary>The database file as an absolute path, or null.</summary>
    public string? DatabasePath { get; }

    /// <summary>True when regions are configured: zone files may then only name those regions.</summary>
    public bool HasRegions => Topology.RegionNames.Count > 0;

    /// <summary>Zone load settings: with regions configured, an unknown <c>$REGION</c> name is an error.</summary>
    public ZoneLoadOptions? ZoneLoadOptions => HasRegions ? new ZoneLoadOptions { Regions = Topology.RegionNames } : null;

    /// <summary>
    /// Opens the database (its path relative to <paramref name="baseDirectory"/>) and builds the topology.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">one line naming the key at fault.</exception>
    public static GeoSetup Build(GeoOptions options, string baseDirectory)
    {
        IGeoDatabase? database = null;
        string? path = null;
        if (options.Database is { } configured)
        {
            path = Path.GetFullPath(Path.Combine(baseDirectory, configured));
            database = GeoDatabaseFile.Open(path, configured);
        }
        try
        {
            return new GeoSetup(options, GeoTopology.Build(options, database), database, path);
        }
        catch (GeoConfigException ex)
        {
            (database as IDisposable)?.Dispose();
            // The exception message already starts with its key ("Geo:Networks:10.0.0.0/33: ...").
            string message = ex.Message.StartsWith(ex.Key, StringComparison.Ordinal) ? ex.Message : $"{ex.Key}: {ex.Message}";
            throw new InvalidConfigurationException(message, ex);
        }
    }
}
