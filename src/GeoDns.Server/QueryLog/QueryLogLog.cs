using Microsoft.Extensions.Logging;

namespace GeoDns.Server.QueryLog;

/// <summary>The query log's own messages in the server log (event ids 8xxx).</summary>
internal static partial class QueryLogLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Query log: writing to {Target} (queue of {Capacity} entries)")]
    public static partial void QueryLogWriting(this ILogger logger, string target, int capacity);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Query log: writing an entry failed; failures are counted from here on and not logged again")]
    public static partial void QueryLogFailed(this ILogger logger, Exception exception);
}
