using GeoDns.Core.Protocol;

namespace GeoDns.Core.Zones;

/// <summary>
/// One name of a zone: an owner of records or an empty non-terminal. Everything the query path
/// needs is precomputed at build time (the zone cut covering the node, its wildcard child, its
/// CNAME and DNAME groups), so a lookup only follows references.
/// </summary>
internal sealed class ZoneNode
{
    private static readonly RRsetGroup[] NoGroups = [];

    public ZoneNode(byte[] name) => Name = name;

    /// <summary>Lower-cased wire-format name.</summary>
    public byte[] Name { get; }

    /// <summary>RRset groups ordered by type number; empty for an empty non-terminal.</summary>
    public RRsetGroup[] Groups { get; private set; } = NoGroups;

    public RRsetGroup? Cname { get; private set; }
    public RRsetGroup? Dname { get; private set; }

    /// <summary>The node one label up (null at the apex).</summary>
    public ZoneNode? Parent { get; internal set; }

    /// <summary>The topmost delegation point (non-apex node with NS) at or above this node, or null.</summary>
    public ZoneNode? Cut { get; internal set; }

    /// <summary>The node <c>*.this</c>, or null.</summary>
    public ZoneNode? Wildcard { get; internal set; }

    public bool IsEmptyNonTerminal => Groups.Length == 0;

    public bool IsWildcard => Name[0] == 1 && Name[1] == (byte)'*';

    internal void SetGroups(RRsetGroup[] groups)
    {
        Groups = groups;
        Cname = Find(RRType.CNAME);
        Dname = Find(RRType.DNAME);
    }

    public RRsetGroup? Find(ushort type)
    {
        var groups = Groups;
        for (int i = 0; i < groups.Length; i++)
        {
            if (groups[i].Type == type) return groups[i];
        }
        return null;
    }
}
