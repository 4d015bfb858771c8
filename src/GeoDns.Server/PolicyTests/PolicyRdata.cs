using GeoDns.Core.Dns;


namespace GeoDns.Server.PolicyTests;

/// <summary>
/// RDATA as the policy runner compares it: the domain names inside the RDATA of the types that
/// carry them in plain form (RFC 4034 §6.2's list, as far as we encode those types) lower-cased,
/// every other byte as is. So <c>NS1.Example.COM</c> equals <c>ns1.example.com.</c>, while TXT
/// and addresses compare exactly (addresses are already normalised by parsing them).
/// </summary>
internal static class PolicyRdata
{
    /// <summary>A key that is equal for two records exactly when they compare equal.</summary>
    public static string Key(ushort type, ReadOnlySpan<byte> rdata) => $"{type}:{Convert.ToHexString(Canonical(type, rdata))}";

    public static byte[] Canonical(ushort type, ReadOnlySpan<byte> rdata)
    {
        byte[] copy = rdata.ToArray();
        switch (type)
        {
            case RRType.NS or RRType.CNAME or RRType.PTR or RRType.DNAME or 3 or 4 or 7 or 8 or 9: // MD, MF, MB, MG, MR
                LowerNames(copy, 0, 1);
                break;
            case RRType.MX or 18 or 21 or 36: // AFSDB, RT, KX: a 16-bit number, then a name
                LowerNames(copy, 2, 1);
                break;
            case RRType.SRV:
                LowerNames(copy, 6, 1);
                break;
            case RRType.SOA or 14 or 17: // MINFO, RP: two names (SOA: then its numbers)
                LowerNames(copy, 0, 2);
                break;
        }
        return copy;
    }

    private static void LowerNames(byte[] rdata, int at, int count)
    {
        for (int n = 0; n < count && at < rdata.Length; n++)
        {
            int length = DnsName.Measure(rdata.AsSpan(at));
            if (length < 0) return; // malformed: compare the bytes as they are
            // Length bytes are at most 63, below 'A', so lower-casing the whole name is safe.
            for (int i = at; i < at + length; i++) rdata[i] = DnsName.ToLower(rdata[i]);
            at += length;
        }
    }
}
