using GeoDns.Core.Geo;
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
            throw new InvalidConfigurationException($"Geo:Database: cannot open '{configured}': {ex.Message}", ex);
        }
    }

    private static IGeoDatabase OpenFile(string path) => throw new InvalidDataException($"no MaxMind DB reader available for {path}");
}
