namespace GeoDns.Core.Dns;

/// <summary>Response codes (RFC 1035 §4.1.1, RFC 6891 §9 for the extended BADVERS, RFC 7873 for BADCOOKIE).</summary>
public static class RCode
{
    public const int NoError = 0;
    public const int FormErr = 1;
    public const int ServFail = 2;
    public const int NxDomain = 3;
    public const int NotImp = 4;
    public const int Refused = 5;
    /// <summary>A DNAME substitution overflowed the name length (RFC 6672 §2.2).</summary>
    public const int YxDomain = 6;
    /// <summary>Not authorized: a TSIG key we do not know (RFC 8945 §5.2.2, with TSIG error BADKEY).</summary>
    public const int NotAuth = 9;
    /// <summary>Extended rcode 16: the upper 8 bits go into the OPT TTL, the lower 4 into the header.</summary>
    public const int BadVers = 16;
    /// <summary>TSIG error (in the TSIG RR, not the header): the key is not known (RFC 8945 §5.2.2).</summary>
    public const int BadKey = 17;
    /// <summary>Extended rcode 23: the server cookie is missing or not valid and this server requires one (RFC 7873 §8).</summary>
    public const int BadCookie = 23;
}
