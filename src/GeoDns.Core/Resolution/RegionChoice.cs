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
/// It also gives the TTL to write: the RRset's, capped at
/// <see cref="Health.HealthSnapshot.FailoverTtl"/> when the answer is served in failover, i.e. a
/// region of the client's preference that defines the RRset is down and was skipped (another
/// region's RRset, the region-less one, or under the fail-open policy the down region's own), so
/// that resolvers come back soon after the region recovers.
/// </summary>
internal static class RegionChoice
{
    /// <summary>The chosen RRset, or null when the NoData policy applies; <paramref name="ttl"/> = the TTL to write.</summary>
    public static RRset? Choose(in RRsetGroup group, in RegionPreference regions, LookupResult result, out uint ttl)
    {
        var byRegion = group.ByRegion;
        if (byRegion is null)
        {
            var only = group.Regionless!;
            ttl = only.Ttl;
            return only;
        }

        // The first choice of a reply names its region and feeds the metrics and the query log.
        bool first = !result.RegionDependent;
        result.RegionDependent = true;
        RRset? firstDown = null;
        int firstDownRegion = -1;
        foreach (int region in regions.Order)
        {
            if ((uint)region >= (uint)byRegion.Length || byRegion[region] is not { } candidate) continue;
            if (regions.Health.IsUp(region))
            {
                if (first) result.ChosenRegion = region;
                if (firstDown is not null) result.Failover = true;
                ttl = firstDown is null ? candidate.Ttl : Math.Min(candidate.Ttl, regions.Health.FailoverTtl);
                return candidate;
            }
            if (firstDown is null)
            {
                firstDown = candidate;
                firstDownRegion = region;
            }
        }

        if (firstDown is not null) result.Failover = true;
        RRset? chosen = group.Regionless
            ?? (regions.AllDown == AllDownPolicy.NoData ? null : firstDown ?? byRegion[group.LowestRegion]!);
        if (chosen is null)
        {
            ttl = 0;
            return null;
        }
        if (first && group.Regionless is null) result.ChosenRegion = firstDown is not null ? firstDownRegion : group.LowestRegion;
        ttl = firstDown is null ? chosen.Ttl : Math.Min(chosen.Ttl, regions.Health.FailoverTtl);
        return chosen;
    }
}
