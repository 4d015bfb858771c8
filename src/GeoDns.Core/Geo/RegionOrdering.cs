using System.Globalization;

namespace GeoDns.Core.Geo;

/// <summary>
/// Computes a located client's preference order (load time and explain only; the query path
/// reads the precompiled tables). Tiers, each region placed once at its first tier:
/// subdivision match, country match, continent match (within a tier by distance from the client
/// when it has coordinates, else by region index), then — if the client has coordinates — every
/// remaining region by great-circle distance (regions without a location last, by index), else the
/// remaining regions by index, which is the default order.
/// </summary>
internal static class RegionOrdering
{
    public const string DefaultReason = "default order";

    /// <summary>The default order: every region by index (DefaultOrder first, then name order).</summary>
    public static List<RegionReason> Default(IReadOnlyList<CompiledRegion> regions)
    {
        var order = new List<RegionReason>(regions.Count);
        foreach (var r in regions)
        {
            order.Add(new RegionReason(r.Index, r.Name, DefaultReason));
        }

        return order;
    }

    /// <summary>The regions of a CIDR rule first, then the rest in the default order.</summary>
    public static List<RegionReason> ForRule(IReadOnlyList<CompiledRegion> regions, int[] ruleRegions, string network)
    {
        var order = new List<RegionReason>(regions.Count);
        var placed = new bool[regions.Count];
        string reason = "rule " + network;
        foreach (int i in ruleRegions)
        {
            placed[i] = true;
            order.Add(new RegionReason(i, regions[i].Name, reason));
        }

        AddRemainingByIndex(regions, placed, order, DefaultReason);
        return order;
    }

    /// <summary>The order for a client the database located (or the default order for null).</summary>
    public static List<RegionReason> ForLocation(IReadOnlyList<CompiledRegion> regions, GeoLocation? location)
    {
        if (location is null)
        {
            return Default(regions);
        }

        var order = new List<RegionReason>(regions.Count);
        var placed = new bool[regions.Count];
        bool hasCoordinates = location.Latitude is double lat0 && location.Longitude is double lon0
            && double.IsFinite(lat0) && double.IsFinite(lon0);
        double lat = location.Latitude ?? 0;
        double lon = location.Longitude ?? 0;

        string? subdivision = Normalize(location.Subdivision);
        string? country = Normalize(location.Country);
        string? continent = Normalize(location.Continent);

        if (subdivision is not null)
        {
            AddTier(regions, placed, order, r => Array.IndexOf(r.Subdivisions, subdivision) >= 0, "subdivision " + subdivision, hasCoordinates, lat, lon);
        }

        if (country is not null)
        {
            AddTier(regions, placed, order, r => Array.IndexOf(r.Countries, country) >= 0, "country " + country, hasCoordinates, lat, lon);
        }

        if (continent is not null)
        {
            AddTier(regions, placed, order, r => Array.IndexOf(r.Continents, continent) >= 0, "continent " + continent, hasCoordinates, lat, lon);
        }

        if (hasCoordinates)
        {
            var rest = new List<(double Km, CompiledRegion Region)>();
            foreach (var r in regions)
            {
                if (!placed[r.Index] && r.HasLocation)
                {
                    rest.Add((GeoDistance.Kilometres(lat, lon, r.Latitude!.Value, r.Longitude!.Value), r));
                }
            }

            rest.Sort(static (a, b) => a.Km != b.Km ? a.Km.CompareTo(b.Km) : a.Region.Index.CompareTo(b.Region.Index));
            foreach (var (km, r) in rest)
            {
                placed[r.Index] = true;
                order.Add(new RegionReason(r.Index, r.Name, DistanceReason(km)));
            }

            AddRemainingByIndex(regions, placed, order, "no location, " + DefaultReason);
        }
        else
        {
            AddRemainingByIndex(regions, placed, order, DefaultReason);
        }

        return order;
    }

    public static string DistanceReason(double km) =>
        "distance " + Math.Round(km).ToString("0", CultureInfo.InvariantCulture) + " km";

    private static string? Normalize(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    private static void AddTier(
        IReadOnlyList<CompiledRegion> regions,
        bool[] placed,
        List<RegionReason> order,
        Func<CompiledRegion, bool> matches,
        string reason,
        bool hasCoordinates,
        double lat,
        double lon)
    {
        var tier = new List<(double Km, CompiledRegion Region)>();
        foreach (var r in regions)
        {
            if (!placed[r.Index] && matches(r))
            {
                double km = hasCoordinates && r.HasLocation
                    ? GeoDistance.Kilometres(lat, lon, r.Latitude!.Value, r.Longitude!.Value)
                    : double.PositiveInfinity;
                tier.Add((km, r));
            }
        }

        // Without client coordinates every key is +inf, so the index tie-break gives index order.
        tier.Sort(static (a, b) => a.Km != b.Km ? a.Km.CompareTo(b.Km) : a.Region.Index.CompareTo(b.Region.Index));
        foreach (var (_, r) in tier)
        {
            placed[r.Index] = true;
            order.Add(new RegionReason(r.Index, r.Name, reason));
        }
    }

    private static void AddRemainingByIndex(IReadOnlyList<CompiledRegion> regions, bool[] placed, List<RegionReason> order, string reason)
    {
        foreach (var r in regions)
        {
            if (!placed[r.Index])
            {
                placed[r.Index] = true;
                order.Add(new RegionReason(r.Index, r.Name, reason));
            }
        }
    }
}
