using GeoDns.Core.Pipeline;


namespace GeoDns.Server.Listeners;

/// <summary>Answers queries one at a time with its own reusable state (never shared between threads).</summary>
internal interface IQueryWorker
{
    /// <summary>
    /// Writes the reply to <paramref name="response"/> and returns what happened: its length
    /// (<see cref="QueryOutcome.ResponseLength"/>, 0 for no reply), rcode, and whether the connection
    /// is to close after it (<see cref="QueryOutcome.CloseConnection"/>). The outcome belongs to the
    /// worker and is overwritten by its next query.
    /// </summary>
    QueryOutcome Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context);
}
