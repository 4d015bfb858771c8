using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>Live reload log events (7xxx; table: Logging/LogEvents).</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Zone {Zone} serial {Serial}: {Records} records from {File} ({Change}, {ElapsedMs} ms)")]
    public static partial void ZoneReloaded(this ILogger logger, string zone, uint serial, int records, string file, string change, long elapsedMs);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Zone {Zone} removed: {File} is gone")]
    public static partial void ZoneRemoved(this ILogger logger, string zone, string file);

    [LoggerMessage(EventId = 7027, Level = LogLevel.Information, Message = "DNS cookies reconfigured ({Trigger}): {Settings}")]
    public static partial void CookiesReconfigured(this ILogger logger, string trigger, string settings);

    [LoggerMessage(EventId = 7028, Level = LogLevel.Information, Message = "Response rate limiting reconfigured ({Trigger}): {Settings}")]
    public static partial void RateLimitReconfigured(this ILogger logger, string trigger, string settings);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Zone file {File} removed; it served no zone (it never loaded)")]
    public static partial void ZoneFileRemoved(this ILogger logger, string file);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Zone file {File} not reloaded (errors); {Serving}")]
    public static partial void ZoneReloadFailed(this ILogger logger, string file, string serving);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Zone file {File} rejected: {Failures} policy tests fail; {Serving}")]
    public static partial void ZoneRejected(this ILogger logger, string file, int failures, string serving);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Policy tests {File}: {Passed} passed")]
    public static partial void PolicyPassed(this ILogger logger, string file, int passed);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Policy tests {File}: {Failed} failing, {Passed} passed ({Against})")]
    public static partial void PolicyFailed(this ILogger logger, string file, int failed, int passed, string against);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Configuration reloaded ({Trigger}) in {ElapsedMs} ms: {Summary}")]
    public static partial void ConfigReloaded(this ILogger logger, string trigger, long elapsedMs, string summary);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Error, Message = "Configuration not reloaded ({Trigger}): {Error}; the running configuration stays")]
    public static partial void ConfigRejected(this ILogger logger, string trigger, string error);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Configuration: {Key} changed: takes effect after a restart; the running value stays")]
    public static partial void ConfigNeedsRestart(this ILogger logger, string key);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "Configuration: {Warning}")]
    public static partial void ConfigWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "GeoIP database {File} reloaded ({Trigger}): {Summary}")]
    public static partial void GeoDatabaseReloaded(this ILogger logger, string file, string trigger, string summary);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Error, Message = "GeoIP database not reloaded ({Trigger}): {Error}; the previous database stays")]
    public static partial void GeoDatabaseRejected(this ILogger logger, string trigger, string error);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Information, Message = "Reload ({Trigger}) finished in {ElapsedMs} ms: configuration {Config}, GeoIP database {Database}, {Zones} zone files changed, {Rejected} rejected or failed")]
    public static partial void ReloadFinished(this ILogger logger, string trigger, long elapsedMs, string config, string database, int zones, int rejected);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Error, Message = "Reload ({Trigger}) failed unexpectedly; what is in service stays")]
    public static partial void ReloadCrashed(this ILogger logger, Exception exception, string trigger);

    [LoggerMessage(EventId = 7017, Level = LogLevel.Warning, Message = "Cannot watch {Directory} ({Error}); changes there are found by the poll (Zones:PollInterval) or SIGHUP")]
    public static partial void WatchFailed(this ILogger logger, string directory, string error);

    [LoggerMessage(EventId = 7019, Level = LogLevel.Information, Message = "Configuration {File} ({Trigger}) is the running configuration again; nothing to apply")]
    public static partial void ConfigBackToRunning(this ILogger logger, string file, string trigger);

    [LoggerMessage(EventId = 7026, Level = LogLevel.Warning, Message = "Last good copy {Copy} of {File} not written: {Error}; the zone serves as loaded, but a start with a broken {File} would have no copy (or an older one) to fall back on")]
    public static partial void LastGoodNotWritten(this ILogger logger, string copy, string file, string error);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Last good copy {Copy} of the removed zone file {File} not deleted: {Error}")]
    public static partial void LastGoodNotDeleted(this ILogger logger, string copy, string file, string error);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Zone file {File} did not load ({Error}); serving its last good copy {Copy} instead: {Zone} serial {Serial}, {Records} records. Fix the file: the live reload then serves it as usual")]
    public static partial void ServingLastGood(this ILogger logger, string file, string error, string copy, string zone, uint serial, int records);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Error, Message = "Zone file {File} did not load and its last good copy {Copy} is not served either: {Reason}; its names are not served")]
    public static partial void LastGoodUnusable(this ILogger logger, string file, string copy, string reason);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Information, Message = "Policy tests {File} not run: {ZoneFile} did not load, so {Reason}; they run when it loads")]
    public static partial void PolicySkipped(this ILogger logger, string file, string zoneFile, string reason);

    [LoggerMessage(EventId = 7018, Level = LogLevel.Information, Message = "Live reload: watching {Directories}; poll every {Poll}; SIGHUP {Signal}")]
    public static partial void Watching(this ILogger logger, string directories, string poll, string signal);
}
