using System.Diagnostics;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;

namespace GeoDns.Core.Telemetry;

/// <summary>
/// The query counters, kept off any metrics library so that counting a query is a handful of
/// uncontended <see cref="Interlocked"/> adds: no lock, no allocation. Counts are striped by the
/// processor the thread runs on (one <c>long[]</c> per stripe), so workers on different cores do
/// not share cache lines; <see cref="Snapshot"/> sums the stripes (scrape time only).
/// </summary>
internal sealed class QueryCounters
{
    public const int Protocols = 2;

    /// <summary>Geo answers are counted for region indices 0..MaxRegions-1; higher indices go to one "other" slot.</summary>
    public const int MaxRegions = 256;

    /// <summary>Rate limiting actions counted: dropped, slipped, log-only (the <see cref="RateLimitAction"/> values after None).</summary>
    public const int RateLimitActions = 3;

    /// <summary>Region slots: 0 = no region (region-less RRset or none), 1..MaxRegions = region index + 1, MaxRegions+1 = other.</summary>
    public const int RegionSlots = MaxRegions + 2;

    /// <summary>Upper bounds (seconds) of the latency histogram buckets; one more bucket holds everything above.</summary>
    public static readonly double[] LatencyBounds =
        [0.000_002, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1];

    public static int LatencyBuckets => LatencyBounds.Length + 1;

    /// <summary>Cookie cells per protocol: client cookie only, valid server cookie, invalid server cookie (<see cref="CookieState"/> 1..3).</summary>
    public const int CookieStates = 3;

    // Layout of one stripe (indices into the long[]).
    private const int Padding = 16; // 128 bytes before and after the cells: no false sharing between stripes
    private static readonly int QueriesAt = Padding;
    private static readonly int QueryCells = Protocols * QTypeLabels.Count * RCodeLabels.Count;
    private static readonly int DroppedAt = QueriesAt + QueryCells;
    private static readonly int MalformedAt = DroppedAt + Protocols;
    private static readonly int TruncatedAt = MalformedAt + Protocols;
    private static readonly int BytesAt = TruncatedAt + Protocols;
    private static readonly int FailoverAt = BytesAt + Protocols;
    private static readonly int GeoAt = FailoverAt + Protocols;
    private static readonly int CookiesAt = GeoAt + RegionSlots * 2;
    private static readonly int BadCookieAt = CookiesAt + Protocols * CookieStates;
    private static readonly int RateLimitedAt = BadCookieAt + Protocols;
    private static readonly int LatencyCountAt = RateLimitedAt + RateLimitActions * ResponseRateLimiter.ClassCount;
    private static readonly int LatencyTicksAt = LatencyCountAt + LatencyBounds.Length + 1;
    private static readonly int StripeLength = LatencyTicksAt + LatencyBounds.Length + 1 + Padding;

    private readonly long[][] _stripes;
    private readonly int _mask;
    private readonly long[] _latencyBoundTicks;

    public QueryCounters(int stripes = 0)
    {
        if (stripes <= 0) stripes = Environment.ProcessorCount;
        int count = (int)Math.Min(1024, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)stripes));
        _stripes = new long[count][];
        for (int i = 0; i < count; i++) _stripes[i] = new long[StripeLength];
        _mask = count - 1;
        _latencyBoundTicks = new long[LatencyBounds.Length];
        for (int i = 0; i < LatencyBounds.Length; i++) _latencyBoundTicks[i] = (long)Math.Round(LatencyBounds[i] * Stopwatch.Frequency);
    }

    /// <summary>Counts one query. Lock-free, allocation-free.</summary>
    public void Record(Transport transport, QueryOutcome outcome)
    {
        long[] stripe = _stripes[Thread.GetCurrentProcessorId() & _mask];
        int protocol = (int)transport & 1;
        if (outcome.RateLimit != RateLimitAction.None)
            Interlocked.Increment(ref stripe[RateLimitedAt + ((int)outcome.RateLimit - 1) * ResponseRateLimiter.ClassCount + (int)outcome.RateLimitClass]);
        if (outcome.Dropped)
        {
            // A reply rate limiting dropped is counted above, not as a message left unanswered.
            if (outcome.RateLimit != RateLimitAction.Dropped) Interlocked.Increment(ref stripe[DroppedAt + protocol]);
            return;
        }
        int cell = (protocol * QTypeLabels.Count + QTypeLabels.Bucket(outcome)) * RCodeLabels.Count + RCodeLabels.Bucket(outcome.RCode);
        Interlocked.Increment(ref stripe[QueriesAt + cell]);
        Interlocked.Add(ref stripe[BytesAt + protocol], outcome.ResponseLength);
        if (outcome.Malformed) Interlocked.Increment(ref stripe[MalformedAt + protocol]);
        if (outcome.Truncated) Interlocked.Increment(ref stripe[TruncatedAt + protocol]);
        if (outcome.Cookie != CookieState.None)
        {
            Interlocked.Increment(ref stripe[CookiesAt + protocol * CookieStates + (int)outcome.Cookie - 1]);
            if (outcome.RCode == RCode.BadCookie) Interlocked.Increment(ref stripe[BadCookieAt + protocol]);
        }
        if (outcome.RegionDependent)
        {
            Interlocked.Increment(ref stripe[GeoAt + RegionSlot(outcome.Region) * 2 + (outcome.HasEcs ? 1 : 0)]);
            if (outcome.Failover) Interlocked.Increment(ref stripe[FailoverAt + protocol]);
        }
    }

    /// <summary>Adds one timed query (<paramref name="elapsedTicks"/> in <see cref="Stopwatch"/> ticks) to the latency histogram.</summary>
    public void RecordLatency(long elapsedTicks)
    {
        long[] stripe = _stripes[Thread.GetCurrentProcessorId() & _mask];
        long[] bounds = _latencyBoundTicks;
        int bucket = 0;
        while (bucket < bounds.Length && elapsedTicks > bounds[bucket]) bucket++;
        Interlocked.Increment(ref stripe[LatencyCountAt + bucket]);
        Interlocked.Add(ref stripe[LatencyTicksAt + bucket], elapsedTicks);
    }

    public static int RegionSlot(int region) => region < 0 ? 0 : region < MaxRegions ? region + 1 : MaxRegions + 1;

    /// <summary>The stripes summed (scrape time; allocates).</summary>
    public Counts Snapshot()
    {
        var sum = new long[StripeLength];
        foreach (long[] stripe in _stripes)
        {
            for (int i = Padding; i < StripeLength - Padding; i++) sum[i] += Volatile.Read(ref stripe[i]);
        }
        return new Counts(sum);
    }

    /// <summary>Summed counts, read by index.</summary>
    internal sealed class Counts
    {
        private readonly long[] _values;

        public Counts(long[] values) => _values = values;

        public long Queries(int protocol, int qtypeBucket, int rcodeBucket) =>
            _values[QueriesAt + (protocol * QTypeLabels.Count + qtypeBucket) * RCodeLabels.Count + rcodeBucket];

        public long Dropped(int protocol) => _values[DroppedAt + protocol];
        public long Malformed(int protocol) => _values[MalformedAt + protocol];
        public long Truncated(int protocol) => _values[TruncatedAt + protocol];
        public long ResponseBytes(int protocol) => _values[BytesAt + protocol];
        public long Failover(int protocol) => _values[FailoverAt + protocol];

        /// <summary>Queries with a COOKIE option of the given kind (not <see cref="CookieState.None"/>).</summary>
        public long Cookies(int protocol, CookieState state) => _values[CookiesAt + protocol * CookieStates + (int)state - 1];

        /// <summary>BADCOOKIE replies sent.</summary>
        public long BadCookie(int protocol) => _values[BadCookieAt + protocol];

        /// <summary>Geo answers for a region slot (see <see cref="RegionSlot"/>), with or without ECS.</summary>
        public long Geo(int regionSlot, bool ecs) => _values[GeoAt + regionSlot * 2 + (ecs ? 1 : 0)];

        /// <summary>UDP replies rate limiting acted on: <paramref name="action"/> (dropped, slipped, log-only) and the class they were accounted as.</summary>
        public long RateLimited(RateLimitAction action, ResponseClass responseClass) =>
            _values[RateLimitedAt + ((int)action - 1) * ResponseRateLimiter.ClassCount + (int)responseClass];

        /// <summary>Timed queries in latency bucket <paramref name="bucket"/> (the last = above every bound).</summary>
        public long LatencyCount(int bucket) => _values[LatencyCountAt + bucket];

        /// <summary>Their total time in <see cref="Stopwatch"/> ticks.</summary>
        public long LatencyTicks(int bucket) => _values[LatencyTicksAt + bucket];
    }
}
