using GeoDns.Core.Geo;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Server.Configuration;

/// <summary>
/// The compiled <c>Geo</c> section: the GeoIP database (if any) opened and the topology built,
/// the same way for <c>serve</c>, <c>check</c> and <c>explain</c>.
/// </summary>
internal sealed class GeoSetup
{
    private GeoSetup(GeoOptions options, GeoTopology topology, IGeoDatabase? database, string? databasePath, IReadOnlyList<string> warnings)
    {
        Options = options;
        Topology = topology;
        Database = database;
        DatabasePath = databasePath;
        Warnings = warnings;
    }

    /// <summary>Problems that do not stop the server, such as regions matching subdivisions the database does not have.</summary>
    public IReadOnlyList<string> Warnings { get; }

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
            var topology = GeoTopology.Build(options, database);
            return new GeoSetup(options, topology, database, path, database is null ? [] : Warn(options, database, options.Database!));
        }
        catch (GeoConfigException ex)
        {
            (database as IDisposable)?.Dispose();
            // The exception names the field in the options ("Networks:10.0.0.0/33"); the key is in this section.
            throw new InvalidConfigurationException(ex.Describe(GeoSection.Name), ex);
        }
    }

    /// <summary>
    /// A region listing <c>Subdivisions</c> over a database without subdivision data (a Country
    /// database) matches nobody by subdivision: its clients fall through to country, continent and
    /// distance. Not an error (the same configuration may run with a City database elsewhere).
    /// </summary>
    private static List<string> Warn(GeoOptions options, IGeoDatabase database, string configured)
    {
        var warnings = new List<string>();
        if (GeoDatabaseFile.HasSubdivisionData(database)) return warnings;
        foreach (var (name, region) in options.Regions.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (region?.Subdivisions is not { Length: > 0 }) continue;
            warnings.Add($"Geo:Regions:{name}:Subdivisions: {configured} is {GeoDatabaseFile.Describe(database.DatabaseType)}, which has no subdivision data; "
                + "these subdivisions match no client (clients are placed by country, continent and distance; use a City database)");
        }
        return warnings;
    }
}
