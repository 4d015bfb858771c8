using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Hosting;

/// <summary>Start-up and shutdown log messages of the server, with their stable event ids (table: Logging/LogEvents).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "GeoDns started in {ElapsedMs} ms: {Zones} zones, {Failed} zone files failed")]
    public static partial void Started(this ILogger logger, long elapsedMs, int zones, int failed);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Stopping: no new queries, finishing those in flight")]
    public static partial void Stopping(this ILogger logger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Configuration: {ConfigFile}")]
    public static partial void ConfigurationFile(this ILogger logger, string configFile);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Configuration: {Warning}")]
    public static partial void ConfigurationWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Geo topology: {Summary}")]
    public static partial void GeoTopology(this ILogger logger, string summary);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "DNS cookies: no Cookies:Secret configured, a random secret was generated; the servers of an anycast set must share one secret, or clients' cookies are invalid at every other server")]
    public static partial void CookieSecretGenerated(this ILogger logger);
}
