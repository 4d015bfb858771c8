using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>Zone loading log messages, with their stable event ids (table: Logging/LogEvents).</summary>
internal static partial class ZoneLoadLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Loading zones from {Directory}")]
    public static partial void LoadingZones(this ILogger logger, string directory);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Zone {Zone} serial {Serial}: {Records} records from {File}")]
    public static partial void ZoneLoaded(this ILogger logger, string zone, uint serial, int records, string file);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "{Diagnostic}")]
    public static partial void ZoneError(this ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Diagnostic}")]
    public static partial void ZoneWarning(this ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Zone file {File} not loaded; its names are not served")]
    public static partial void ZoneFailed(this ILogger logger, string file);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Loaded {Zones} zones ({Records} records) in {ElapsedMs} ms")]
    public static partial void ZonesLoaded(this ILogger logger, int zones, int records, long elapsedMs);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Zones directory {Directory}: {Problem} (logged again only when this changes)")]
    public static partial void ZonesDirectoryUnusable(this ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Zones directory {Directory} can be read again")]
    public static partial void ZonesDirectoryReadable(this ILogger logger, string directory);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Zones directory {Directory} does not exist; serving no zones")]
    public static partial void ZonesDirectoryMissing(this ILogger logger, string directory);
}
