using System.Buffers.Binary;
using GeoDns.Core.Protocol;

namespace GeoDns.Core.Zones;

/// <summary>
/// An immutable, validated zone: a hash table of lower-cased wire-format names (every owner and
/// every empty non-terminal) to nodes holding pre-encoded RRsets. Built by <see cref="ZoneLoader"/>.
/// </summary>
public sealed class Zone
{
    private readonly Dictionary<byte[], ZoneNode> _nodes;
    private readonly Dictionary<byte[], ZoneNode>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    internal Zone(
        byte[] origin,
        Dictionary<byte[], ZoneNode> nodes,
        RRset soa,
        int recordCount,
        IReadOnlyList<string> files,
        IReadOnlyList<string> regionNames)
    {
        Origin = origin;
        _nodes = nodes;
        _lookup = nodes.GetAlternateLookup<ReadOnlySpan<byte>>();
        Apex = nodes[origin];
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

    /// <summary>Region names by index (the numbering <c>regionPreference</c> in <see cref="ZoneSet.Lookup"/> uses).</summary>
    public IReadOnlyList<string> RegionNames { get; }

    /// <summary>The SOA RRset at the apex.</summary>
    public RRset Soa { get; }

    /// <summary>TTL of negative answers: min(SOA TTL, SOA MINIMUM) (RFC 2308 §3).</summary>
    public uint NegativeTtl { get; }

    /// <summary>Number of names in the table, empty non-terminals included.</summary>
    public int NodeCount => _nodes.Count;

    internal ZoneNode Apex { get; }

    internal IEnumerable<ZoneNode> Nodes => _nodes.Values;

    /// <summary>Every RRset of the zone (region-less and region-specific), in no particular order. For tools and tests.</summary>
    public IEnumerable<RRset> RRsets
    {
        get
        {
            foreach (var node in _nodes.Values)
            {
                foreach (var group in node.Groups)
                {
                    foreach (var set in group.All()) yield return set;
                }
            }
        }
    }

    /// <summary>The node of a lower-cased wire name, or null. No allocation.</summary>
    internal ZoneNode? FindNode(ReadOnlySpan<byte> lowerName) =>
        _lookup.TryGetValue(lowerName, out var node) ? node : null;

    public override string ToString() => Name;
}
