namespace GeoDns.Core.Telemetry;

/// <summary>Label values for response codes 0..23 (RFC 6895 registry names) and <c>other</c>.</summary>
internal static class RCodeLabels
{
    public static readonly string[] Names =
    [
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
        "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI", "RCODE12", "RCODE13", "RCODE14", "RCODE15",
        "BADVERS", "BADKEY", "BADTIME", "BADMODE", "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE", "other",
    ];

    public static int Count => Names.Length;

    public static int Bucket(int rcode) => (uint)rcode < (uint)(Names.Length - 1) ? rcode : Names.Length - 1;

    /// <summary>The label of an rcode (the query log uses it too).</summary>
    public static string Name(int rcode) => Names[Bucket(rcode)];
}
