namespace GeoDns.Server.QueryLog;

/// <summary>The query log file cannot be opened for appending: <c>geodns serve</c> does not start (exit 1) and says why.</summary>
internal sealed class QueryLogUnavailableException : Exception
{
    public QueryLogUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
