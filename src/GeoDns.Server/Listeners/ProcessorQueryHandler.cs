using System.Diagnostics;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Telemetry;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Hands queries to the <see cref="QueryProcessor"/>; each worker owns a <see cref="QueryScratch"/>.
/// After each query the worker hands the outcome the processor left in the scratch, with the
/// query's transport and client, to the <see cref="QueryRecorder"/> (metrics, query log), and
/// times one query in <see cref="QueryRecorder.LatencySampleInterval"/> for the latency histogram.
/// </summary>
internal sealed class ProcessorQueryHandler : IQueryHandler
{
    private readonly QueryProcessor _processor;
    private readonly QueryRecorder _recorder;

    public ProcessorQueryHandler(QueryProcessor processor, QueryRecorder recorder)
    {
        _processor = processor;
        _recorder = recorder;
    }

    public IQueryWorker CreateWorker() => new Worker(_processor, _recorder);

    private sealed class Worker : IQueryWorker
    {
        private readonly QueryProcessor _processor;
        private readonly QueryRecorder _recorder;
        private readonly QueryScratch _scratch = new();
        private int _untilSample = 1;

        public Worker(QueryProcessor processor, QueryRecorder recorder)
        {
            _processor = processor;
            _recorder = recorder;
        }

        public QueryOutcome Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context)
        {
            if (--_untilSample > 0)
            {
                _processor.Process(query, response, context, _scratch);
            }
            else
            {
                _untilSample = QueryRecorder.LatencySampleInterval;
                long start = Stopwatch.GetTimestamp();
                _processor.Process(query, response, context, _scratch);
                _recorder.RecordLatency(start);
            }
            QueryOutcome outcome = _scratch.Outcome;
            _recorder.Record(query, context, outcome);
            // The response is in bytes now: keep no reference to the zones it came from.
            _scratch.Release();
            return outcome;
        }
    }
}
