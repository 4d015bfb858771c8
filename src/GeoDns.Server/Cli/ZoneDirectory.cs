using GeoDns.Core.Zones.Loading;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Cli;

/// <summary>Loads the zones directory with <see cref="ZoneLoader"/>, for <c>check</c> and <c>explain</c> (the server loads through the zone catalog, with the same loader).</summary>
internal static class ZoneDirectory
{
    /// <summary>Loads every zone file; null when the directory does not exist.</summary>
    public static ZoneSetLoadResult? Load(string directory, ZoneLoadOptions? options = null)
    {
        if (!Directory.Exists(directory)) return null;
        return ZoneLoader.LoadDirectory(DisplayPaths.For(directory), options);
    }
}
