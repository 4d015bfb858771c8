using Microsoft.Extensions.Logging;

namespace GeoDns.Server.QueryLog;

/// <summary>The query log's own messages in the server log (event ids 8xxx).</summary>
internal static partial class QueryLogLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Query log: writing to {Target} (queue of {Capacity} entries)")]
    public static partial void QueryLogWriting(this ILogger logger, string target, int capacity);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Query log: making a line of an entry failed; such entries are counted as dropped from here on and not logged again")]
    public static partial void QueryLogFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Query log: writing to {Target} fails ({Reason}); its lines are lost and counted (geodns_query_log_dropped_total, geodns_query_log_write_errors_total) until a write works again")]
    public static partial void QueryLogWriteFailing(this ILogger logger, string target, string reason, Exception? exception);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Query log: writing to {Target} works again; {Lost} lines were lost while it failed")]
    public static partial void QueryLogWriteRecovered(this ILogger logger, string target, long lost);
}
