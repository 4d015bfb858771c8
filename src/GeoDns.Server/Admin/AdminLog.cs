using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Admin;

/// <summary>Admin API log events (the token is never logged).</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Admin API listening on {Address}")]
    public static partial void AdminListening(this ILogger logger, string address);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Admin API: no Admin:Token configured, state-changing calls are refused")]
    public static partial void AdminNoToken(this ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Admin {Client}: override {Region} {State} ({Reason}), expires {Expires}")]
    public static partial void AdminOverrideSet(this ILogger logger, string client, string region, string state, string reason, string expires);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Admin {Client}: override of {Region} cleared (one was set: {Existed})")]
    public static partial void AdminOverrideCleared(this ILogger logger, string client, string region, bool existed);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Admin {Client}: report {Region} {State} from {Source}, TTL {Ttl}")]
    public static partial void AdminReport(this ILogger logger, string client, string region, string state, string source, TimeSpan ttl);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Admin {Client}: {Method} {Path} rejected with {Status}")]
    public static partial void AdminRejected(this ILogger logger, string client, string method, string path, int status);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Admin {Client}: reload requested")]
    public static partial void AdminReload(this ILogger logger, string client);
}
