using System.Net;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Hosting;

/// <summary>Every log message of the server, with its stable event id (1xxx startup, 2xxx zones, 3xxx UDP, 4xxx TCP, 5xxx geo).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Listening on {EndPoint} (UDP, {Sockets} sockets, {Mode} receive)")]
    public static partial void ListeningUdp(this ILogger logger, IPEndPoint endPoint, int sockets, string mode);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Listening on {EndPoint} (TCP)")]
    public static partial void ListeningTcp(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Not listening on {EndPoint}: IPv6 is not available on this host ({Reason})")]
    public static partial void IPv6Skipped(this ILogger logger, IPEndPoint endPoint, string reason);

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

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Zones directory {Directory} does not exist; serving no zones")]
    public static partial void ZonesDirectoryMissing(this ILogger logger, string directory);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Query failed in the {Stage}; answered SERVFAIL ({Suppressed} more failures not logged since the last report)")]
    public static partial void QueryFailed(this ILogger logger, Exception exception, string stage, long suppressed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "UDP receive on {EndPoint} failed: {Error}")]
    public static partial void UdpReceiveError(this ILogger logger, IPEndPoint endPoint, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "UDP send on {EndPoint} failed: {Error}")]
    public static partial void UdpSendError(this ILogger logger, IPEndPoint endPoint, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "UDP socket {EndPoint}: kernel buffers {Receive}/{Send} bytes (asked {Requested}; raise net.core.rmem_max/wmem_max for more)")]
    public static partial void UdpBufferSizes(this ILogger logger, IPEndPoint endPoint, int receive, int send, int requested);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "UDP receive loop on {EndPoint} did not stop in time; closing its socket")]
    public static partial void UdpLoopForced(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "TCP accept on {EndPoint} failed: {Error}")]
    public static partial void TcpAcceptError(this ILogger logger, IPEndPoint endPoint, string error);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "TCP connection from {Client} refused: {Reason}")]
    public static partial void TcpRefused(this ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "TCP connection from {Client} closed: {Reason}")]
    public static partial void TcpClosed(this ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{Count} TCP connections did not finish in time and were closed")]
    public static partial void TcpForcedClose(this ILogger logger, int count);

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Geo topology: {Summary}")]
    public static partial void GeoTopology(this ILogger logger, string summary);
}
