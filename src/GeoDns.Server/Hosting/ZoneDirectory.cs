using System.Diagnostics;
using GeoDns.Core.Zones;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Hosting;

/// <summary>Loads the zones directory with <see cref="ZoneLoader"/>, the same way for <c>serve</c> and <c>check</c>.</summary>
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

    /// <summary>Loads the zones and logs each zone, each diagnostic and the totals; returns the zone set to serve.</summary>
    internal static (ZoneSet Zones, int Failed) LoadAndLog(string directory, ZoneLoadOptions? options, ILogger logger)
    {
        var watch = Stopwatch.StartNew();
        logger.LoadingZones(DisplayPath(directory));
        var result = Load(directory, options);
        if (result is null)
        {
            logger.ZonesDirectoryMissing(DisplayPath(directory));
            return (ZoneSet.Empty, 0);
        }
        int failed = 0, records = 0;
        foreach (var file in result.Results)
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                if (diagnostic.IsError) logger.ZoneError(diagnostic.ToString());
                else logger.ZoneWarning(diagnostic.ToString());
            }
            if (file.Success)
            {
                var zone = file.Zone!;
                records += zone.RecordCount;
                logger.ZoneLoaded(zone.Name, zone.Serial, zone.RecordCount, file.Files.Count > 0 ? file.Files[0] : "");
            }
            else
            {
                failed++;
                logger.ZoneFailed(file.Files.Count > 0 ? file.Files[0] : "?");
            }
        }
        logger.ZonesLoaded(result.ZoneSet.Zones.Count, records, watch.ElapsedMilliseconds);
        return (result.ZoneSet, failed);
    }
}
