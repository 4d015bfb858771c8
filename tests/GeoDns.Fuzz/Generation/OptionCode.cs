namespace GeoDns.Fuzz.Generation;

/// <summary>EDNS option codes (IANA "DNS EDNS0 Option Codes").</summary>
internal static class OptionCode
{
    public const int Nsid = 3;             // RFC 5001
    public const int ClientSubnet = 8;     // RFC 7871
    public const int Expire = 9;           // RFC 7314
    public const int Cookie = 10;          // RFC 7873
    public const int TcpKeepalive = 11;    // RFC 7828
    public const int Padding = 12;         // RFC 7830
    public const int ExtendedError = 15;   // RFC 8914

    /// <summary>An option code for local or experimental use (RFC 6891 §9: 65001-65534): a server ignores it.</summary>
    public static int Experimental(Random random) => 65001 + random.Next(534);
}
