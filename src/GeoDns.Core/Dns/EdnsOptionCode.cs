namespace GeoDns.Core.Dns;

/// <summary>EDNS(0) option codes (IANA "DNS EDNS0 Option Codes (OPT)") the query pipeline knows.</summary>
public static class EdnsOptionCode
{
    /// <summary>Name server identifier, RFC 5001.</summary>
    public const ushort Nsid = 3;
    /// <summary>EDNS client subnet, RFC 7871: read by QueryParser, echoed with its scope by ResponseWriter.</summary>
    public const ushort ClientSubnet = 8;
    /// <summary>DNS cookie, RFC 7873: read by QueryParser, answered with our server cookie by ResponseWriter.</summary>
    public const ushort Cookie = 10;
}
