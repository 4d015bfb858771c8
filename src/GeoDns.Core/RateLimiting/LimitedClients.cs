namespace GeoDns.Core.RateLimiting;

/// <summary>
/// The client netblocks whose replies were limited since the last <see cref="Drain"/>, with counts,
/// so the server can log one line per netblock per interval instead of one per reply. A fixed,
/// preallocated open-addressing table: <see cref="Add"/> is lock-free and allocation-free (it runs
/// only for limited replies); a netblock that finds no free entry among its probes is counted in
/// <see cref="Drain"/>'s overflow. Counts are approximate under races (an entry freed while a
/// reply is added to it); they are for the log only, the metrics count every reply exactly.
/// </summary>
public sealed class LimitedClients
{
    public const int Capacity = 1024;
    private const int Probes = 8;

    private readonly Entry[] _entries = new Entry[Capacity];
    private long _overflow;

    /// <summary>Adds one limited reply of <paramref name="action"/> for a netblock.</summary>
    public void Add(UInt128 netblock, bool isIPv6, RateLimitAction action)
    {
        long key = Key(netblock, isIPv6);
        int start = (int)key & (Capacity - 1);
        for (int probe = 0; probe < Probes; probe++)
        {
            ref Entry entry = ref _entries[(start + probe) & (Capacity - 1)];
            long held = Volatile.Read(ref entry.Key);
            if (held == 0 && Interlocked.CompareExchange(ref entry.Key, key, 0) == 0)
            {
                entry.Netblock = netblock;
                entry.IsIPv6 = isIPv6;
                Volatile.Write(ref entry.Ready, 1);
                held = key;
            }
            if (held != key) continue;
            switch (action)
            {
                case RateLimitAction.Dropped: Interlocked.Increment(ref entry.Dropped); break;
                case RateLimitAction.Slipped: Interlocked.Increment(ref entry.Slipped); break;
                default: Interlocked.Increment(ref entry.LogOnly); break;
            }
            return;
        }
        Interlocked.Increment(ref _overflow);
    }

    /// <summary>
    /// Hands every netblock with replies limited since the last call to <paramref name="report"/>
    /// (netblock, IPv6, dropped, slipped, log-only) and resets its counts; an entry with none is
    /// freed. Returns the limited replies that found no entry. One caller at a time (a timer).
    /// </summary>
    public long Drain(Action<UInt128, bool, long, long, long> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        for (int i = 0; i < Capacity; i++)
        {
            ref Entry entry = ref _entries[i];
            if (Volatile.Read(ref entry.Ready) == 0) continue;
            long dropped = Interlocked.Exchange(ref entry.Dropped, 0);
            long slipped = Interlocked.Exchange(ref entry.Slipped, 0);
            long logOnly = Interlocked.Exchange(ref entry.LogOnly, 0);
            if (dropped + slipped + logOnly > 0)
            {
                report(entry.Netblock, entry.IsIPv6, dropped, slipped, logOnly);
                continue;
            }
            // Quiet for a whole interval: free the entry for another netblock.
            Volatile.Write(ref entry.Ready, 0);
            Volatile.Write(ref entry.Key, 0);
        }
        return Interlocked.Exchange(ref _overflow, 0);
    }

    /// <summary>A nonzero key for a netblock.</summary>
    private static long Key(UInt128 netblock, bool isIPv6)
    {
        ulong mixed = ((ulong)(netblock >> 64) * 0x9E3779B97F4A7C15UL) ^ ((ulong)netblock * 0xC2B2AE3D27D4EB4FUL) ^ (isIPv6 ? 0x165667B19E3779F9UL : 0);
        mixed ^= mixed >> 29;
        return (long)(mixed | 1);
    }

    private struct Entry
    {
        public long Key;
        public int Ready;
        public bool IsIPv6;
        public UInt128 Netblock;
        public long Dropped;
        public long Slipped;
        public long LogOnly;
    }
}
