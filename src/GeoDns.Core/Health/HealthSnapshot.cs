namespace GeoDns.Core.Health;

/// <summary>
/// Which regions are up, as one immutable value: the query path reads one snapshot per query and a
/// health change publishes a new one. Regions are the topology's region indices; an index this
/// snapshot does not know (a region added later) counts as up.
/// </summary>
public sealed class HealthSnapshot
{
    private readonly bool[] _down;

    /// <summary>Every region up.</summary>
    public static HealthSnapshot AllUp { get; } = new([]);

    /// <summary>Default of <see cref="FailoverTtl"/> (seconds).</summary>
    public const uint DefaultFailoverTtl = 30;

    /// <param name="downRegions">Indices of the regions that are down (negative indices are ignored).</param>
    /// <param name="failoverTtl">TTL cap (seconds) for region-specific answers served in failover.</param>
    public HealthSnapshot(IEnumerable<int> downRegions, uint failoverTtl = DefaultFailoverTtl)
    {
        FailoverTtl = failoverTtl;
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

    public bool IsUp(int region) => (uint)region >= (uint)_down.Length || !_down[region];
}
