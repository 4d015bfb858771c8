using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Server.Configuration;

/// <summary>Opens the <c>Geo:Database</c> file; any failure is a configuration error saying why.</summary>
internal static class GeoDatabaseFile
{
    /// <summary>
    /// Opens the database and refuses one that locates nobody: a MaxMind DB of another kind (ASN,
    /// ISP, Anonymous-IP, Connection-Type, ...) opens as a valid file whose records carry no
    /// continent, country or coordinates, and with it every client would silently get
    /// <c>Geo:DefaultOrder</c>. The rule is on the data, not on <c>database_type</c>, so City and
    /// Country databases under any name (those of <c>geodns mmdb build</c> included) load.
    /// </summary>
    public static IGeoDatabase Open(string path, string configured)
    {
        if (!File.Exists(path))
            throw new InvalidConfigurationException($"Geo:Database: file '{configured}' not found ({path})");
        MmdbDatabase database;
        try
        {
            database = OpenFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
        {
            // The reader's messages start with the path; the key and the configured name say enough.
            string why = ex.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? ex.Message[(path.Length + 2)..] : ex.Message;
            throw new InvalidConfigurationException($"Geo:Database: cannot open '{configured}': {why}", ex);
        }
        if (!HasLocationData(database))
            throw new InvalidConfigurationException($"Geo:Database: {configured} is {Describe(database.DatabaseType)}, which has no location data; use a City or Country database");
        return database;
    }

    /// <summary>True when some record has a continent, a country or coordinates: something a client can be routed by.</summary>
    public static bool HasLocationData(IGeoDatabase database)
    {
        for (int id = 0; id < database.LocationCount; id++)
        {
            var location = database.GetLocation(id);
            if (location.Continent is not null || location.Country is not null || location.Latitude is not null) return true;
        }
        return false;
    }

    /// <summary>True when some record has a subdivision (City databases; Country databases have none).</summary>
    public static bool HasSubdivisionData(IGeoDatabase database)
    {
        for (int id = 0; id < database.LocationCount; id++)
        {
            if (database.GetLocation(id).Subdivision is not null) return true;
        }
        return false;
    }

    /// <summary>"a GeoLite2-ASN database", "an Example database", or "a database without a database_type".</summary>
    public static string Describe(string databaseType)
    {
        if (string.IsNullOrEmpty(databaseType)) return "a database without a database_type";
        string article = "AEIOUaeiou".Contains(databaseType[0], StringComparison.Ordinal) ? "an" : "a";
        return $"{article} {databaseType} database";
    }

    private static MmdbDatabase OpenFile(string path) => MmdbDatabase.Open(path);
}
