using System.Buffers.Binary;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones;

/// <summary>
/// An immutable, validated zone: a hash table of lower-cased wire-format names (every owner and
/// every empty non-terminal) to indices of nodes holding pre-encoded RRsets. Built by <c>ZoneLoader</c>.
/// </summary>
public sealed class Zone
{
    private readonly ZoneNode[] _nodes;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    /// <param name="index">Every name of the zone → its position in <paramref name="nodes"/>.</param>
    internal Zone(
        byte[] origin,
        Dictionary<byte[], int> index,
        ZoneNode[] nodes,
        RRset soa,
        int recordCount,
        IReadOnlyList<string> files,
        IReadOnlyList<string> regionNames)
    {
        Origin = origin;
        _nodes = nodes;
        _lookup = index.GetAlternateLookup<ReadOnlySpan<byte>>();
        Soa = soa;
        RecordCount = recordCount;
        Files = files;
        RegionNames = regionNames;

        // SOA RDATA: MNAME, RNAME, SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.
        var rdata = soa.Records.AsSpan(2);
        int mname = DnsName.Measure(rdata);
        int rname = DnsName.Measure(rdata[mname..]);
        var fixedPart = rdata[(mname + rname)..];
        Serial = BinaryPrimitives.ReadUInt32BigEndian(fixedPart);
        uint minimum = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[16..]);
        NegativeTtl = Math.Min(soa.Ttl, minimum);
    }

    /// <summary>Lower-cased wire-format apex name.</summary>
    public byte[] Origin { get; }

    /// <summary>Presentation form of the origin, e.g. "example.com.".</summary>
    public string Name => DnsName.ToString(Origin);

    public uint Serial { get; }

    /// <summary>Number of records after duplicates were collapsed.</summary>
    public int RecordCount { get; }

    /// <summary>The zone file and every file it included.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Region names by index (the numbering region preferences of <c>LookupEngine.Lookup</c> use).</summary>
    public IReadOnlyList<string> RegionNames { get; }

    /// <summary>The SOA RRset at the apex.</summary>
    public RRset Soa { get; }

    /// <summary>TTL of negative answers: min(SOA TTL, SOA MINIMUM) (RFC 2308 §3).</summary>
    public uint NegativeTtl { get; }

    /// <summary>Where the SOA record was read (the zone file's first line when unknown).</summary>
    internal SourceLocation SoaLocation { get; init; }

    /// <summary>
    /// This zone with another SOA serial (the zone catalog's <c>AutoSerial</c>). Only what depends
    /// on the SOA RRset is new: the SOA RRset itself (which negative answers also carry) and the
    /// node array, copied so the apex can hold it (nodes are structs, so the copy is one array;
    /// every RRset, the name index and the other nodes' data are shared). This zone is unchanged.
    /// </summary>
    internal Zone WithSerial(uint serial)
    {
        var records = (byte[])Soa.Records.Clone();
        var rdata = records.AsSpan(2);
        int mname = DnsName.Measure(rdata);
        int rname = DnsName.Measure(rdata[mname..]);
        BinaryPrimitives.WriteUInt32BigEndian(rdata[(mname + rname)..], serial);
        var soa = new RRset(Soa.Owner, Soa.Type, Soa.Class, Soa.Ttl, records, Soa.Count, Soa.Region);

        var nodes = (ZoneNode[])_nodes.Clone();
        ref var apex = ref nodes[FindNode(Origin)];
        int soaGroup = apex.Find(RRType.SOA);
        if (apex.GroupCount == 1)
        {
            apex.SetGroup(new RRsetGroup(RRType.SOA, soa, null));
        }
        else
        {
            var groups = new RRsetGroup[apex.GroupCount];
            for (int g = 0; g < groups.Length; g++) groups[g] = g == soaGroup ? new RRsetGroup(RRType.SOA, soa, null) : apex.GroupAt(g);
            apex.SetGroups(groups);
        }
        return new Zone(Origin, _lookup.Dictionary, nodes, soa, RecordCount, Files, RegionNames) { SoaLocation = SoaLocation };
    }

    /// <summary>Number of names in the table, empty non-terminals included.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Every node (copies), for tools and tests.</summary>
    internal IReadOnlyList<ZoneNode> Nodes => _nodes;

    /// <summary>The node at <paramref name="index"/> (from <see cref="FindNode"/> or a node's <see cref="ZoneNode.Cut"/>/<see cref="ZoneNode.Wildcard"/>), by reference.</summary>
    internal ref readonly ZoneNode NodeAt(int index) => ref _nodes[index];

    /// <summary>Every RRset of the zone (region-less and region-specific), in no particular order. For tools and tests.</summary>
    public IEnumerable<RRset> RRsets
    {
        get
        {
            var sets = new List<RRset>();
            for (int i = 0; i < _nodes.Length; i++)
            {
                sets.Clear();
                _nodes[i].AddAllTo(sets);
                foreach (var set in sets) yield return set;
            }
        }
    }

    /// <summary>Index of the node of a lower-cased wire name, or <see cref="ZoneNode.None"/>. No allocation.</summary>
    internal int FindNode(ReadOnlySpan<byte> lowerName) =>
        _lookup.TryGetValue(lowerName, out int id) ? id : ZoneNode.None;

    public override string ToString() => Name;
}
