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

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Rate limiting replies to {Netblock}: {Dropped} dropped, {Slipped} slipped (sent truncated), {LogOnly} would have been limited (log-only) in the last {Seconds} s")]
    public static partial void RateLimited(this ILogger logger, string netblock, long dropped, long slipped, long logOnly, double seconds);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Rate limiting: {Replies} more replies limited in the last {Seconds} s to netblocks not listed (too many netblocks limited at once)")]
    public static partial void RateLimitedUnlisted(this ILogger logger, long replies, double seconds);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Response rate limiting on{Mode}: {Responses} responses, {NxDomains} NXDOMAIN, {Errors} errors per second per /{IPv4Prefix} and /{IPv6Prefix}, window {Window} s, slip {Slip}, {Exempt} exempt networks, {Buckets} buckets")]
    public static partial void RateLimitOn(this ILogger logger, string mode, int responses, int nxDomains, int errors, int iPv4Prefix, int iPv6Prefix, int window, int slip, int exempt, int buckets);
}
