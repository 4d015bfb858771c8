namespace GeoDns.Server.PolicyTests;

/// <summary>The kind of response a test expects (or a query got).</summary>
internal enum PolicyOutcome
{
    /// <summary>NOERROR with records of the queried type (possibly at the end of a CNAME chain).</summary>
    Answer,
    /// <summary>NOERROR, the name exists but has no data of the type.</summary>
    NoData,
    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NxDomain,
    /// <summary>NOERROR without AA: the name is delegated; NS in the authority section.</summary>
    Referral,
    /// <summary>REFUSED: no zone served contains the name.</summary>
    Refused,
    /// <summary>SERVFAIL.</summary>
    ServFail,
    /// <summary>Any other rcode (only as what a query got).</summary>
    Other,
}
