using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>Per-worker reusable state for one query at a time, so the query path allocates nothing.</summary>
public sealed class QueryScratch
{
    public LookupResult Lookup { get; } = new();

    /// <summary>What happened to the last query processed with this scratch (read by the listener after <see cref="QueryProcessor.Process"/>).</summary>
    public QueryOutcome Outcome { get; } = new();

    /// <summary>Names written into the response so far (compression targets).</summary>
    internal CompressionTable Compression { get; } = new();

    /// <summary>Our COOKIE option's data for the reply being written (client cookie + server cookie), <see cref="CookieLength"/> bytes.</summary>
    internal byte[] Cookie { get; } = new byte[ServerCookies.ReplyLength];

    /// <summary>Bytes of <see cref="Cookie"/> the reply carries; 0 = no COOKIE option in the reply.</summary>
    internal int CookieLength { get; set; }
    /// <summary>This worker's count of rate-limited replies, to slip every Slip-th one (see <see cref="RateLimiting.ResponseRateLimiter.Decide"/>).</summary>
    internal int RateLimitSlip;

    /// <summary>
    /// Drops the references the last query left behind (its zone and RRsets), so a reloaded-away
    /// zone set can be collected while this worker waits for its next query. Allocates nothing;
    /// a server worker calls it once the response is written.
    /// </summary>
    public void Release() => Lookup.Reset();
}
