using System.Net;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>The listeners' log messages (UDP and TCP), with their stable event ids (table: Logging/LogEvents).</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Listening on {EndPoint} (UDP, {Sockets} sockets, {Mode} receive)")]
    public static partial void ListeningUdp(this ILogger logger, IPEndPoint endPoint, int sockets, string mode);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Listening on {EndPoint} (TCP)")]
    public static partial void ListeningTcp(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Not listening on {EndPoint}: IPv6 is not available on this host ({Reason})")]
    public static partial void IPv6Skipped(this ILogger logger, IPEndPoint endPoint, string reason);

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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "TCP connection from {Client} refused: {Reason} (more refusals are summed up every {Interval} s)")]
    public static partial void TcpRefused(this ILogger logger, EndPoint? client, string reason, double interval);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Refused {Count} more TCP connections from {Addresses} addresses in the last {Interval} s (last reason: {Reason})")]
    public static partial void TcpRefusedSummary(this ILogger logger, long count, string addresses, double interval, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "TCP connection from {Client} closed: {Reason}")]
    public static partial void TcpClosed(this ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{Count} TCP connections did not finish in time and were closed")]
    public static partial void TcpForcedClose(this ILogger logger, int count);
}
