using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;


namespace GeoDns.Core.Telemetry;

/// <summary>
/// The bounded set of QTYPE label values the query counters use: the common types, <c>other</c>
/// for every other type, and <c>none</c> for a message without a (parsable) question.
/// </summary>
internal static class QTypeLabels
{
    public const int Other = 18;
    public const int None = 19;

    /// <summary>Label values, indexed by bucket.</summary>
    public static readonly string[] Names =
    [
        "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "NAPTR",
        "DS", "DNSKEY", "SVCB", "HTTPS", "CAA", "IXFR", "AXFR", "ANY", "other", "none",
    ];

    public static int Count => Names.Length;

    /// <summary>The bucket of a query: allocation-free, a jump table.</summary>
    public static int Bucket(QueryOutcome outcome) => outcome.HasQuestion ? Bucket(outcome.QType) : None;

    public static int Bucket(ushort qtype) => qtype switch
    {
        RRType.A => 0,
        RRType.NS => 1,
        RRType.CNAME => 2,
        RRType.SOA => 3,
        RRType.PTR => 4,
        RRType.MX => 5,
        RRType.TXT => 6,
        RRType.AAAA => 7,
        RRType.SRV => 8,
        RRType.NAPTR => 9,
        RRType.DS => 10,
        RRType.DNSKEY => 11,
        RRType.SVCB => 12,
        RRType.HTTPS => 13,
        RRType.CAA => 14,
        RRType.IXFR => 15,
        RRType.AXFR => 16,
        RRType.ANY => 17,
        _ => Other,
    };
}
