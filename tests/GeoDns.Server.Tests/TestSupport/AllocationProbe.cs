using System.Buffers.Binary;
using GeoDns.Core.Pipeline;
using GeoDns.Server.Listeners;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// Wraps a handler and, for each query with ID below <see cref="Capacity"/>, records
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> on the thread that processes it, so a test
/// can see what a receive loop allocated between two of its queries.
/// </summary>
internal sealed class AllocationProbe : IQueryHandler
{
    public const int Capacity = 4096;

    private readonly IQueryHandler _inner;

    public AllocationProbe(IQueryHandler inner) => _inner = inner;

    /// <summary>Allocated bytes of the processing thread when query ID i arrived (0 = not seen).</summary>
    public long[] Readings { get; } = new long[Capacity];

    public IQueryWorker CreateWorker() => new Worker(this, _inner.CreateWorker());

    private sealed class Worker : IQueryWorker
    {
        private readonly AllocationProbe _owner;
        private readonly IQueryWorker _inner;

        public Worker(AllocationProbe owner, IQueryWorker inner)
        {
            _owner = owner;
            _inner = inner;
        }

        public QueryOutcome Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context)
        {
            if (query.Length >= 2)
            {
                int id = BinaryPrimitives.ReadUInt16BigEndian(query);
                if (id < Capacity) Volatile.Write(ref _owner.Readings[id], GC.GetAllocatedBytesForCurrentThread());
            }
            return _inner.Process(query, response, context);
        }
    }
}
