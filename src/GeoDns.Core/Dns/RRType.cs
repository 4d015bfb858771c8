namespace GeoDns.Core.Dns;

/// <summary>Resource record type numbers (IANA "Resource Record (RR) TYPEs").</summary>
public static class RRType
{
    public const ushort A = 1;
    public const ushort NS = 2;
    public const ushort CNAME = 5;
    public const ushort SOA = 6;
    public const ushort PTR = 12;
    public const ushort HINFO = 13;
    public const ushort MX = 15;
    public const ushort TXT = 16;
    public const ushort AAAA = 28;
    public const ushort LOC = 29;
    public const ushort SRV = 33;
    public const ushort NAPTR = 35;
    public const ushort DNAME = 39;
    public const ushort OPT = 41;
    public const ushort DS = 43;
    public const ushort SSHFP = 44;
    public const ushort RRSIG = 46;
    public const ushort NSEC = 47;
    public const ushort DNSKEY = 48;
    public const ushort NSEC3 = 50;
    public const ushort TLSA = 52;
    public const ushort SVCB = 64;
    public const ushort HTTPS = 65;
    /// <summary>Transaction signature (RFC 8945); only ever in a message's additional section.</summary>
    public const ushort TSIG = 250;
    public const ushort IXFR = 251;
    public const ushort AXFR = 252;
    public const ushort MAILB = 253;
    public const ushort MAILA = 254;
    public const ushort ANY = 255;
    public const ushort URI = 256;
    public const ushort CAA = 257;

    /// <summary>True for QTYPE-only values (RFC 6895 §3.1: 128–255 meta types) that never appear in a zone.</summary>
    public static bool IsMeta(ushort type) => type is >= 128 and <= 255 || type == OPT;
}
