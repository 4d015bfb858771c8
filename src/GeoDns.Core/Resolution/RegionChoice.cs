using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// The one place that chooses among the RRsets of a (name, type): the first region of the
/// client's preference that defines it, else the region-less RRset, else (fail open) the
/// lowest-index region that defines it. Data without <c>$REGION</c> alternatives ignores the preference.
/// </summary>
internal static class RegionChoice
{
    public static RRset Choose(in RRsetGroup group, ReadOnlySpan<int> regionPreference, LookupResult result)
    {
        var byRegion = group.ByRegion;
        if (byRegion is null) return group.Regionless!;

        result.RegionDependent = true;
        foreach (int region in regionPreference)
        {
            if ((uint)region < (uint)byRegion.Length && byRegion[region] is { } preferred) return preferred;
        }
        return group.Regionless ?? byRegion[group.LowestRegion]!;
    }
}
