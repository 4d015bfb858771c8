using GeoDns.Core.Geo;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// The one place that chooses among the RRsets of a (name, type): the first region of the
/// client's preference that defines it and is up; else the region-less RRset; else the all-down
/// policy: <see cref="AllDownPolicy.First"/> (fail open, as gdnsd) = the first preferred region
/// that defines it (the lowest-index one when the preference names none), or
/// <see cref="AllDownPolicy.NoData"/> = no RRset (the caller answers as if the type were absent).
/// Data without <c>$REGION</c> alternatives ignores preference and health.
/// </summary>
internal static class RegionChoice
{
    /// <summary>The chosen RRset, or null when the NoData policy applies.</summary>
    public static RRset? Choose(in RRsetGroup group, in RegionPreference regions, LookupResult result)
    {
        var byRegion = group.ByRegion;
        if (byRegion is null) return group.Regionless!;

        result.RegionDependent = true;
        RRset? firstDefined = null;
        foreach (int region in regions.Order)
        {
            if ((uint)region >= (uint)byRegion.Length || byRegion[region] is not { } candidate) continue;
            if (regions.Health.IsUp(region)) return candidate;
            firstDefined ??= candidate;
        }
        if (group.Regionless is { } regionless) return regionless;
        if (regions.AllDown == AllDownPolicy.NoData) return null;
        return firstDefined ?? byRegion[group.LowestRegion]!;
    }
}
