using System.Diagnostics;
using GeoDns.Core.Pipeline;

namespace GeoDns.Core.Telemetry;

/// <summary>
/// Where a listener's worker reports each query once it is answered: the counters behind the
/// metrics, and the query log queue when the log is enabled. Lock-free, allocation-free.
/// One instance per server, shared by every worker.
/// </summary>
internal sealed class QueryRecorder
{
    /// <summary>One query in this many is timed for the latency histogram.</summary>
    public const int LatencySampleInterval = 16;

    public QueryRecorder(QueryCounters counters, QueryLogQueue? log = null)
    {
        Counters = counters;
        Log = log;
    }

    public QueryCounters Counters { get; }

    /// <summary>The query log queue; null when the query log is off.</summary>
    public QueryLogQueue? Log { get; }

    /// <summary>Counts the query whose outcome is in <paramref name="outcome"/> and queues it for the query log.</summary>
    public void Record(ReadOnlySpan<byte> query, in QueryContext context, QueryOutcome outcome)
    {
        Counters.Record(context.Transport, outcome);
        if (Log is not null && !outcome.Dropped) Log.TryEnqueue(DateTime.UtcNow.Ticks, context, outcome, query);
    }

    /// <summary>Adds a timed query: <paramref name="startTimestamp"/> from <see cref="Stopwatch.GetTimestamp"/> before it was processed.</summary>
    public void RecordLatency(long startTimestamp) => Counters.RecordLatency(Stopwatch.GetTimestamp() - startTimestamp);
}
