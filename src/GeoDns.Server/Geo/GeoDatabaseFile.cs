using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Geo;

/// <summary>Opens the <c>Geo:Database</c> file; any failure is a configuration error saying why.</summary>
internal static class GeoDatabaseFile
{
    public static IGeoDatabase Open(string path, string configured)
    {
        if (!File.Exists(path))
            throw new InvalidConfigurationException($"Geo:Database: file '{configured}' not found ({path})");
        try
        {
            return OpenFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
        {
            // The reader's messages start with the path; the key and the configured name say enough.
            string why = ex.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? ex.Message[(path.Length + 2)..] : ex.Message;
            throw new InvalidConfigurationException($"Geo:Database: cannot open '{configured}': {why}", ex);
        }
    }

    private static MmdbDatabase OpenFile(string path) => MmdbDatabase.Open(path);
}
