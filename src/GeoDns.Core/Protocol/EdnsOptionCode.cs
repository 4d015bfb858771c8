namespace GeoDns.Core.Protocol;

/// <summary>EDNS(0) option codes (IANA "DNS EDNS0 Option Codes (OPT)") the protocol layer knows.</summary>
public static class EdnsOptionCode
{
    /// <summary>Name server identifier, RFC 5001.</summary>
    public const ushort Nsid = 3;
    /// <summary>EDNS client subnet, RFC 7871 (not handled yet: ignored like any unknown option).</summary>
    public const ushort ClientSubnet = 8;
}
