namespace GeoDns.Core.RateLimiting;

/// <summary>
/// What kind of reply response rate limiting accounts a reply as (BIND's classes): each class has
/// its own buckets, so a flood of one kind does not cut another kind of reply to the same client.
/// </summary>
public enum ResponseClass : byte
{
    /// <summary>A positive answer (NOERROR with answer records); accounted per QNAME and QTYPE.</summary>
    Answer,
    /// <summary>NOERROR without answer records (NODATA); accounted per zone.</summary>
    NoData,
    /// <summary>A referral to a delegated child; accounted per delegation point.</summary>
    Referral,
    /// <summary>NXDOMAIN; accounted per zone, so random names under one zone share one bucket.</summary>
    NxDomain,
    /// <summary>Any other rcode (FORMERR, SERVFAIL, REFUSED, NOTIMP, BADVERS, ...); accounted per client netblock only.</summary>
    Error,
}
