using System.Diagnostics.CodeAnalysis;

namespace GeoDns.Core.Zones;

/// <summary>
/// One name of a zone: an owner of records or an empty non-terminal. Everything the query path
/// needs is precomputed at build time (the zone cut covering the node, its wildcard child, where
/// its CNAME and DNAME groups are), so a lookup only follows indices. A struct stored inline in
/// the zone's node array and read by reference (<see cref="Zone.NodeAt"/>): a million-name zone
/// costs one array, not a million objects.
/// </summary>
internal struct ZoneNode
{
    public const int NoGroup = -1;

    /// <summary>Index meaning "no node" (<see cref="Cut"/>, <see cref="Wildcard"/>, lookups).</summary>
    public const int None = -1;

    // One group inline (the common case), more in an array ordered by type number.
    private RRsetGroup _single;
    private RRsetGroup[]? _groups;

    // Groups are ordered by type number and type 0 never occurs, so the CNAME (5) and DNAME (39)
    // groups are at most at index 4 and 38.
    private ushort _groupCount;
    private sbyte _cnameIndex;
    private sbyte _dnameIndex;

    public ZoneNode(byte[] name)
    {
        Name = name;
        _cnameIndex = NoGroup;
        _dnameIndex = NoGroup;
        Cut = None;
        Wildcard = None;
    }

    /// <summary>Lower-cased wire-format name.</summary>
    public byte[] Name { get; }

    /// <summary>Number of RRset groups (types) at the name; 0 for an empty non-terminal.</summary>
    public readonly int GroupCount => _groupCount;

    /// <summary>Index of the CNAME group, or <see cref="NoGroup"/>.</summary>
    public readonly int CnameIndex => _cnameIndex;

    /// <summary>Index of the DNAME group, or <see cref="NoGroup"/>.</summary>
    public readonly int DnameIndex => _dnameIndex;

    /// <summary>Index of the topmost delegation point (non-apex node with NS) at or above this node, or <see cref="None"/>.</summary>
    public int Cut { get; internal set; }

    /// <summary>Index of the node <c>*.this</c>, or <see cref="None"/>.</summary>
    public int Wildcard { get; internal set; }

    public readonly bool IsEmptyNonTerminal => GroupCount == 0;

    public readonly bool IsWildcard => Name[0] == 1 && Name[1] == (byte)'*';

    /// <summary>The group at <paramref name="index"/> (0 ≤ index &lt; <see cref="GroupCount"/>), in type order.</summary>
    [UnscopedRef]
    public readonly ref readonly RRsetGroup GroupAt(int index) => ref _groups is null ? ref _single : ref _groups[index];

    internal void SetGroup(in RRsetGroup group)
    {
        _single = group;
        _groups = null;
        _groupCount = 1;
        _cnameIndex = (sbyte)Find(Dns.RRType.CNAME);
        _dnameIndex = (sbyte)Find(Dns.RRType.DNAME);
    }

    /// <summary>Sets the groups, ordered by type number.</summary>
    internal void SetGroups(RRsetGroup[] groups)
    {
        if (groups.Length == 1)
        {
            SetGroup(groups[0]);
            return;
        }
        _groups = groups;
        _groupCount = checked((ushort)groups.Length);
        _cnameIndex = checked((sbyte)Find(Dns.RRType.CNAME));
        _dnameIndex = checked((sbyte)Find(Dns.RRType.DNAME));
    }

    /// <summary>Index of the group of <paramref name="type"/>, or <see cref="NoGroup"/>.</summary>
    public readonly int Find(ushort type)
    {
        if (_groups is null) return GroupCount == 1 && _single.Type == type ? 0 : NoGroup;
        var groups = _groups;
        for (int i = 0; i < groups.Length; i++)
        {
            if (groups[i].Type == type) return i;
        }
        return NoGroup;
    }

    /// <summary>Every RRset at the name, for the builder, tools and tests.</summary>
    public readonly void AddAllTo(List<RRset> sets)
    {
        for (int i = 0; i < GroupCount; i++) GroupAt(i).AddAllTo(sets);
    }
}
