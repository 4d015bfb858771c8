namespace GeoDns.Core.Pipeline;

/// <summary>What the COOKIE option of a query held (RFC 7873 §5.2), as counted in the metrics.</summary>
internal enum CookieState : byte
{
    /// <summary>No COOKIE option (or cookies are off).</summary>
    None,
    /// <summary>A client cookie alone (the client's first query, RFC 7873 §5.2.3).</summary>
    ClientOnly,
    /// <summary>A server cookie we made, with the current or previous secret, not older than an hour nor more than 5 minutes ahead (RFC 9018 §4.3).</summary>
    Valid,
    /// <summary>A server cookie that is not ours, not for this client, of an unknown version or length, or expired (RFC 7873 §5.2.4).</summary>
    Invalid,
}
