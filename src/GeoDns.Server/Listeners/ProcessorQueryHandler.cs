using GeoDns.Core.Protocol;

namespace GeoDns.Server.Listeners;

/// <summary>Hands queries to the <see cref="QueryProcessor"/>; each worker owns a <see cref="QueryScratch"/>.</summary>
internal sealed class ProcessorQueryHandler : IQueryHandler
{
    private readonly QueryProcessor _processor;

    public ProcessorQueryHandler(QueryProcessor processor) => _processor = processor;

    public IQueryWorker CreateWorker() => new Worker(_processor);

    private sealed class Worker : IQueryWorker
    {
        private readonly QueryProcessor _processor;
        private readonly QueryScratch _scratch = new();

        public Worker(QueryProcessor processor) => _processor = processor;

        public int Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context)
        {
            int length = _processor.Process(query, response, context, _scratch);
            // The response is in bytes now: keep no reference to the zones it came from.
            _scratch.Release();
            return length;
        }
    }
}
