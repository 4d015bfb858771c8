using System.Globalization;

namespace GeoDns.Core.Dns;

/// <summary>Mnemonics of record types for diagnostics (RFC 3597 <c>TYPEnnn</c> for the rest).</summary>
internal static class RRTypeNames
{
    public static string Of(ushort type) => type switch
    {
        RRType.A => "A",
        RRType.NS => "NS",
        RRType.CNAME => "CNAME",
        RRType.SOA => "SOA",
        RRType.PTR => "PTR",
        RRType.HINFO => "HINFO",
        RRType.MX => "MX",
        RRType.TXT => "TXT",
        RRType.AAAA => "AAAA",
        RRType.LOC => "LOC",
        RRType.SRV => "SRV",
        RRType.NAPTR => "NAPTR",
        RRType.DNAME => "DNAME",
        RRType.DS => "DS",
        RRType.SSHFP => "SSHFP",
        RRType.RRSIG => "RRSIG",
        RRType.NSEC => "NSEC",
        RRType.DNSKEY => "DNSKEY",
        RRType.NSEC3 => "NSEC3",
        RRType.TLSA => "TLSA",
        RRType.SVCB => "SVCB",
        RRType.HTTPS => "HTTPS",
        RRType.ANY => "ANY",
        RRType.URI => "URI",
        RRType.CAA => "CAA",
        _ => "TYPE" + type.ToString(CultureInfo.InvariantCulture),
    };
}
