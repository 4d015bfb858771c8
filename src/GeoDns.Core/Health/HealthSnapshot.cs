namespace GeoDns.Core.Health;

/// <summary>
/// Which regions are up, as one immutable value: the query path reads one snapshot per query and a
/// health change publishes a new one. Regions are the topology's region indices; an index this
/// snapshot does not know (a region added later) counts as up.
/// </summary>
public sealed class HealthSnapshot
{
    private readonly bool[] _down;

    /// <summary>The snapshot as its publisher numbered it, when this one is a realignment of it.</summary>
    private HealthSnapshot? _origin;

    /// <summary>Every region up.</summary>
    public static HealthSnapshot AllUp { get; } = new([]);

    /// <summary>Default of <see cref="FailoverTtl"/> (seconds).</summary>
    public const uint DefaultFailoverTtl = 30;

    /// <param name="downRegions">Indices of the regions that are down (negative indices are ignored).</param>
    /// <param name="failoverTtl">TTL cap (seconds) for region-specific answers served in failover.</param>
    /// <param name="regionNames">
    /// The region names the indices refer to (the monitor's list), or null when the indices are the
    /// topology's already. With names, <see cref="AlignTo"/> can map the snapshot onto another topology.
    /// </param>
    public HealthSnapshot(IEnumerable<int> downRegions, uint failoverTtl = DefaultFailoverTtl, IReadOnlyList<string>? regionNames = null)
    {
        FailoverTtl = failoverTtl;
        RegionNames = regionNames;
        ArgumentNullException.ThrowIfNull(downRegions);
        int max = -1;
        foreach (int region in downRegions) max = Math.Max(max, region);
        _down = new bool[max + 1];
        int count = 0;
        foreach (int region in downRegions)
        {
            if (region < 0 || _down[region]) continue;
            _down[region] = true;
            count++;
        }
        DownCount = count;
    }

    /// <summary>
    /// TTL cap (seconds) for answers served in failover: the first region of the client's
    /// preference that defines the RRset is down and another RRset was chosen.
    /// </summary>
    public uint FailoverTtl { get; }

    /// <summary>Number of regions marked down.</summary>
    public int DownCount { get; }

    /// <summary>The names the indices refer to, or null (indices are the topology's).</summary>
    public IReadOnlyList<string>? RegionNames { get; }

    public bool IsUp(int region) => (uint)region >= (uint)_down.Length || !_down[region];

    /// <summary>
    /// This snapshot with its indices renumbered for <paramref name="regionNames"/> (a topology's
    /// regions), matching by name; a region this snapshot does not name counts as up. Returns this
    /// snapshot when it has no names or its names are the same list in the same order, so a
    /// topology reload that renames or reorders regions never pairs a topology with health indexed
    /// for another one.
    /// </summary>
    public HealthSnapshot AlignTo(IReadOnlyList<string> regionNames)
    {
        ArgumentNullException.ThrowIfNull(regionNames);
        if (RegionNames is null || ReferenceEquals(RegionNames, regionNames) || RegionNames.SequenceEqual(regionNames, StringComparer.Ordinal)) return this;
        // Always from the snapshot as published: aligning to a topology without some region and
        // then back must not forget that region's state.
        HealthSnapshot origin = _origin ?? this;
        IReadOnlyList<string> names = origin.RegionNames!;
        if (ReferenceEquals(names, regionNames) || names.SequenceEqual(regionNames, StringComparer.Ordinal)) return origin;
        var down = new List<int>();
        for (int i = 0; i < regionNames.Count; i++)
        {
            int old = IndexOf(names, regionNames[i]);
            if (old >= 0 && !origin.IsUp(old)) down.Add(i);
        }
        return new HealthSnapshot(down, FailoverTtl, regionNames) { _origin = origin };
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i].Equals(name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
