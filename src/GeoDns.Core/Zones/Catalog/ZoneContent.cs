using GeoDns.Core.Dns;


namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// Whether two zones serve the same data, ignoring the SOA serial and everything that is only
/// presentation (comments, layout, relative or absolute names, TTL units, the order of records
/// within an RRset or of names in the file). Compares the built zones name by name, so it costs
/// one hash probe per name; run only when a reload's serial did not increase.
/// </summary>
internal static class ZoneContent
{
    public static bool SameData(Zone a, Zone b)
    {
        if (!a.Origin.AsSpan().SequenceEqual(b.Origin) || a.RecordCount != b.RecordCount || a.NodeCount != b.NodeCount) return false;

        // Region sets compare by region name: the two zones may be numbered differently.
        var regionMap = new int[b.RegionNames.Count];
        for (int r = 0; r < regionMap.Length; r++) regionMap[r] = IndexOf(a.RegionNames, b.RegionNames[r]);

        for (int i = 0; i < b.NodeCount; i++)
        {
            ref readonly var nodeB = ref b.NodeAt(i);
            int found = a.FindNode(nodeB.Name);
            if (found == ZoneNode.None) return false;
            ref readonly var nodeA = ref a.NodeAt(found);
            if (nodeA.GroupCount != nodeB.GroupCount) return false;
            for (int g = 0; g < nodeB.GroupCount; g++)
            {
                if (!SameGroup(in nodeA.GroupAt(g), in nodeB.GroupAt(g), regionMap)) return false;
            }
        }
        return true;
    }

    private static bool SameGroup(in RRsetGroup a, in RRsetGroup b, int[] regionMap)
    {
        if (a.Type != b.Type || !SameSet(a.Regionless, b.Regionless)) return false;
        if (a.ByRegion is null || b.ByRegion is null) return a.ByRegion is null && b.ByRegion is null;

        int countA = 0, countB = 0;
        foreach (var set in a.ByRegion) countA += set is null ? 0 : 1;
        for (int r = 0; r < b.ByRegion.Length; r++)
        {
            if (b.ByRegion[r] is not { } set) continue;
            countB++;
            int inA = r < regionMap.Length ? regionMap[r] : -1;
            if (inA < 0 || inA >= a.ByRegion.Length || !SameSet(a.ByRegion[inA], set)) return false;
        }
        return countA == countB;
    }

    private static bool SameSet(RRset? a, RRset? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Type != b.Type || a.Class != b.Class || a.Ttl != b.Ttl || a.Count != b.Count) return false;
        if (a.Type == RRType.SOA) return SameSoaIgnoringSerial(a.Records, b.Records);
        if (a.Records.AsSpan().SequenceEqual(b.Records)) return true;
        if (a.Count == 1) return false;

        // Same records in another order: compare the sorted lists of RDATA.
        var left = Split(a.Records);
        var right = Split(b.Records);
        left.Sort(Compare);
        right.Sort(Compare);
        for (int i = 0; i < left.Count; i++)
        {
            if (!left[i].Span.SequenceEqual(right[i].Span)) return false;
        }
        return true;
    }

    /// <summary>SOA RDATA: MNAME, RNAME, then SERIAL and four more 32-bit fields; every byte but the serial's must match.</summary>
    private static bool SameSoaIgnoringSerial(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        var rdata = a.AsSpan(2);
        int names = DnsName.Measure(rdata);
        names += DnsName.Measure(rdata[names..]);
        int serialAt = 2 + names;
        return a.AsSpan(0, serialAt).SequenceEqual(b.AsSpan(0, serialAt))
            && a.AsSpan(serialAt + 4).SequenceEqual(b.AsSpan(serialAt + 4));
    }

    private static List<ReadOnlyMemory<byte>> Split(byte[] records)
    {
        var list = new List<ReadOnlyMemory<byte>>();
        int pos = 0;
        while (pos < records.Length)
        {
            int length = (records[pos] << 8) | records[pos + 1];
            list.Add(records.AsMemory(pos, 2 + length));
            pos += 2 + length;
        }
        return list;
    }

    private static int Compare(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceCompareTo(y.Span);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
