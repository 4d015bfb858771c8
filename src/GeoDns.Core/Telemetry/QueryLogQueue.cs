using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;


namespace GeoDns.Core.Telemetry;

/// <summary>
/// The query log's bounded queue: many producers (the listeners' workers), one consumer (the
/// writer). Every slot, its QNAME bytes included, is allocated up front, so enqueueing copies
/// plain values and allocates nothing; it never waits: when the queue is full the entry is
/// dropped and counted. Lock-free (a bounded ring with per-slot sequence numbers, after Dmitry
/// Vyukov's bounded MPMC queue).
/// </summary>
internal sealed class QueryLogQueue
{
    private struct Slot
    {
        public long Sequence;
        public QueryLogEntry Entry;
    }

    private readonly Slot[] _slots;
    private readonly byte[] _names;
    private readonly int _mask;
    private long _enqueueAt;
    private long _dequeueAt;
    private long _dropped;

    /// <param name="capacity">entries the queue holds; rounded up to a power of two.</param>
    public QueryLogQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Slot[size];
        for (int i = 0; i < size; i++) _slots[i].Sequence = i;
        _names = new byte[size * DnsName.MaxLength];
        _mask = size - 1;
    }

    public const int MaxCapacity = 1 << 20;

    public int Capacity => _slots.Length;

    /// <summary>Entries dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Copies the query into a free slot; false (and counted as dropped) when the queue is full. Never blocks, never allocates.</summary>
    public bool TryEnqueue(long utcTicks, in QueryContext context, QueryOutcome outcome, ReadOnlySpan<byte> query)
    {
        long position = Volatile.Read(ref _enqueueAt);
        while (true)
        {
            long sequence = Volatile.Read(ref _slots[position & _mask].Sequence);
            long difference = sequence - position;
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _enqueueAt, position + 1, position);
                if (seen == position) break;
                position = seen;
            }
            else if (difference < 0)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            else
            {
                position = Volatile.Read(ref _enqueueAt);
            }
        }

        int index = (int)(position & _mask);
        ref Slot slot = ref _slots[index];
        ref QueryLogEntry entry = ref slot.Entry;
        entry.UtcTicks = utcTicks;
        entry.Transport = context.Transport;
        entry.Client = context.ClientAddress;
        entry.ClientIsIPv6 = context.IsIPv6;
        entry.HasEcs = outcome.HasEcs;
        entry.Ecs = outcome.Ecs;
        entry.HasQuestion = outcome.HasQuestion;
        entry.QType = outcome.QType;
        entry.RCode = outcome.RCode;
        entry.Region = outcome.RegionDependent ? outcome.Region : -1;
        entry.ResponseLength = outcome.ResponseLength;
        int nameLength = outcome.HasQuestion ? Math.Min(outcome.QNameLength, DnsName.MaxLength) : 0;
        if (nameLength > query.Length - ParsedQuery.QuestionOffset) nameLength = 0;
        entry.NameLength = nameLength;
        query.Slice(ParsedQuery.QuestionOffset, nameLength).CopyTo(_names.AsSpan(index * DnsName.MaxLength, DnsName.MaxLength));
        Volatile.Write(ref slot.Sequence, position + 1);
        return true;
    }

    /// <summary>
    /// Takes the oldest entry (one consumer only): its values and its QNAME (wire form) copied into
    /// <paramref name="name"/>, at least <see cref="DnsName.MaxLength"/> bytes. False when empty.
    /// </summary>
    public bool TryDequeue(out QueryLogEntry entry, Span<byte> name)
    {
        long position = _dequeueAt;
        int index = (int)(position & _mask);
        ref Slot slot = ref _slots[index];
        if (Volatile.Read(ref slot.Sequence) != position + 1)
        {
            entry = default;
            return false;
        }
        entry = slot.Entry;
        _names.AsSpan(index * DnsName.MaxLength, entry.NameLength).CopyTo(name);
        _dequeueAt = position + 1;
        Volatile.Write(ref slot.Sequence, position + _slots.Length);
        return true;
    }
}
