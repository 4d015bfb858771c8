using GeoDns.Core.Zones.Loading;


namespace GeoDns.Server.Hosting;

/// <summary>Loads the zones directory with <see cref="ZoneLoader"/>, for <c>check</c> and <c>explain</c> (the server loads through the zone catalog, with the same loader).</summary>
internal static class ZoneDirectory
{
    /// <summary>Loads every zone file; null when the directory does not exist.</summary>
    public static ZoneSetLoadResult? Load(string directory, ZoneLoadOptions? options = null)
    {
        if (!Directory.Exists(directory)) return null;
        return ZoneLoader.LoadDirectory(DisplayPath(directory), options);
    }

    /// <summary>A path relative to the working directory when it lies below it, so diagnostics read <c>zones/x.zone:3:1</c>.</summary>
    public static string DisplayPath(string path)
    {
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }
}
