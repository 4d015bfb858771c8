using GeoDns.Core.RateLimiting;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// What happened to the last query a worker processed, filled by <see cref="QueryProcessor"/> so
/// that the listener can count it (metrics, query log) and act on it (close a TCP connection after
/// FORMERR) without parsing the reply again. One
/// instance per <see cref="QueryScratch"/>, overwritten by every query; plain values only.
/// </summary>
public sealed class QueryOutcome
{
    /// <summary>Length of the reply; 0 = no reply (dropped: QR=1, shorter than a header).</summary>
    public int ResponseLength { get; internal set; }

    /// <summary>True when no reply was sent.</summary>
    public bool Dropped => ResponseLength == 0;

    /// <summary>The reply's response code, extended ones included (BADVERS = 16); -1 when dropped.</summary>
    public int RCode { get; internal set; } = -1;

    /// <summary>True when the message did not parse and was answered FORMERR.</summary>
    public bool Malformed { get; internal set; }

    /// <summary>
    /// True when a stream transport is to close the connection once this reply is sent: the
    /// message was malformed (answered FORMERR), so what follows it on the stream cannot be trusted.
    /// </summary>
    public bool CloseConnection => Malformed;

    /// <summary>True when the reply has TC set.</summary>
    public bool Truncated { get; internal set; }

    /// <summary>True when the query's question section parsed (<see cref="QType"/> and <see cref="QNameLength"/> are valid).</summary>
    public bool HasQuestion { get; internal set; }

    public ushort QType { get; internal set; }

    /// <summary>Length of the QNAME, which starts right after the header (offset 12) of the query.</summary>
    public int QNameLength { get; internal set; }

    /// <summary>True when the query carried a valid EDNS Client Subnet option.</summary>
    public bool HasEcs { get; internal set; }

    /// <summary>The client subnet as echoed (with its scope) when <see cref="HasEcs"/>.</summary>
    internal ClientSubnet Ecs { get; set; }

    /// <summary>What the query's COOKIE option held (None: no option, or cookies are off).</summary>
    internal CookieState Cookie { get; set; }

    /// <summary>True when some RRset of the reply was chosen among <c>$REGION</c> alternatives.</summary>
    public bool RegionDependent { get; internal set; }

    /// <summary>Topology index of the region whose RRset was chosen (the first such choice of the reply); -1 = none (the region-less RRset, or no RRset).</summary>
    public int Region { get; internal set; } = -1;

    /// <summary>True when a preferred region that defines the RRset was down and skipped (failover answer).</summary>
    public bool Failover { get; internal set; }

    /// <summary>
    /// What response rate limiting did with the reply (UDP only): <see cref="RateLimitAction.Dropped"/>
    /// (no reply: <see cref="ResponseLength"/> is 0), <see cref="RateLimitAction.Slipped"/> (sent truncated),
    /// <see cref="RateLimitAction.LogOnly"/> (sent, would have been limited), or none.
    /// </summary>
    public RateLimitAction RateLimit { get; internal set; }

    /// <summary>The class the reply was accounted as when <see cref="RateLimit"/> is not none.</summary>
    public ResponseClass RateLimitClass { get; internal set; }

    internal void Reset()
    {
        RateLimit = RateLimitAction.None;
        RateLimitClass = ResponseClass.Answer;
        ResponseLength = 0;
        RCode = -1;
        Malformed = false;
        Truncated = false;
        HasQuestion = false;
        QType = 0;
        QNameLength = 0;
        HasEcs = false;
        Ecs = default;
        Cookie = CookieState.None;
        RegionDependent = false;
        Region = -1;
        Failover = false;
    }
}
