namespace GeoDns.Core.Resolution;

/// <summary>What the zone data says about a question (RFC 1034 §4.3.2); ResponseWriter maps it to rcode and flags.</summary>
public enum LookupOutcome
{
    /// <summary>Not looked up yet.</summary>
    None,
    /// <summary>Authoritative data in the answer section (possibly a CNAME/DNAME chain).</summary>
    Answer,
    /// <summary>The name exists but has no data of that type: NOERROR, SOA in authority.</summary>
    NoData,
    /// <summary>The name does not exist: NXDOMAIN, SOA in authority.</summary>
    NxDomain,
    /// <summary>The name is at or below a zone cut: NS in authority, glue in additional, not authoritative.</summary>
    Referral,
    /// <summary>The name is in no zone we serve: REFUSED.</summary>
    Refused,
    /// <summary>DNAME substitution made a name longer than 255 bytes: YXDOMAIN, DNAME in the answer (RFC 6672 §2.2).</summary>
    YxDomain,
}
