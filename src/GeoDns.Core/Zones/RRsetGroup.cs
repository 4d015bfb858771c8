namespace GeoDns.Core.Zones;

/// <summary>
/// All RRsets of one (name, type): the region-less one and the <c>$REGION</c> ones, indexed by
/// region number so that choosing by a preference order is an array read. A struct stored inline
/// in its node (one object fewer per name in a million-record zone).
/// </summary>
internal readonly struct RRsetGroup
{
    public RRsetGroup(ushort type, RRset? regionless, RRset?[]? byRegion)
    {
        Type = type;
        Regionless = regionless;
        ByRegion = byRegion;
        LowestRegion = -1;
        if (byRegion is not null)
        {
            for (int i = 0; i < byRegion.Length; i++)
            {
                if (byRegion[i] is not null)
                {
                    LowestRegion = i;
                    break;
                }
            }
        }
    }

    public ushort Type { get; }

    /// <summary>The RRset written without <c>$REGION</c>, or null.</summary>
    public RRset? Regionless { get; }

    /// <summary>Region-specific RRsets by region index (null entries: that region does not define it); null when there are none.</summary>
    public RRset?[]? ByRegion { get; }

    /// <summary>Lowest region index that defines this RRset, or -1.</summary>
    public int LowestRegion { get; }

    public bool HasRegions => ByRegion is not null;

    /// <summary>Every RRset of the group (region-less first), for the builder, tools and tests.</summary>
    public void AddAllTo(List<RRset> sets)
    {
        if (Regionless is not null) sets.Add(Regionless);
        if (ByRegion is null) return;
        foreach (var set in ByRegion)
        {
            if (set is not null) sets.Add(set);
        }
    }
}
