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

    /// <summary>Why a region sits at its position (see <see cref="Fill"/>).</summary>
    public enum Tier : byte
    {
        Default,
        Subdivision,
        Country,
        Continent,
        Distance,
        NoLocation,
    }

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

        foreach (var r in regions)
        {
            if (!placed[r.Index])
            {
                order.Add(new RegionReason(r.Index, r.Name, DefaultReason));
            }
        }

        return order;
    }

    /// <summary>The order with reasons for a client the database located (the default order for null).</summary>
    public static List<RegionReason> ForLocation(IReadOnlyList<CompiledRegion> regions, GeoLocation? location)
    {
        if (location is null)
        {
            return Default(regions);
        }

        int n = regions.Count;
        var order = new int[n];
        var tiers = new Tier[n];
        var km = new double[n];
        Fill(regions, location, order, tiers, km, new bool[n]);
        string? subdivision = Normalize(location.Subdivision);
        string? country = Normalize(location.Country);
        string? continent = Normalize(location.Continent);
        var result = new List<RegionReason>(n);
        for (int i = 0; i < n; i++)
        {
            string reason = tiers[i] switch
            {
                Tier.Subdivision => "subdivision " + subdivision,
                Tier.Country => "country " + country,
                Tier.Continent => "continent " + continent,
                Tier.Distance => DistanceReason(km[i]),
                Tier.NoLocation => "no location, " + DefaultReason,
                _ => DefaultReason,
            };
            result.Add(new RegionReason(order[i], regions[order[i]].Name, reason));
        }

        return result;
    }

    /// <summary>
    /// Writes the order for <paramref name="location"/> into <paramref name="order"/>, with each
    /// position's tier and distance (NaN when not computed). Allocation-free given the scratch
    /// array <paramref name="placed"/> (all length N).
    /// </summary>
    public static void Fill(IReadOnlyList<CompiledRegion> regions, GeoLocation location, Span<int> order, Span<Tier> tiers, Span<double> km, Span<bool> placed)
    {
        int n = regions.Count;
        placed[..n].Clear();
        bool hasCoordinates = location.Latitude is double lat && location.Longitude is double lon
            && double.IsFinite(lat) && double.IsFinite(lon);
        double clat = location.Latitude ?? 0;
        double clon = location.Longitude ?? 0;

        // Distance of each region from the client (NaN for a region without a location or a
        // client without coordinates), by region index.
        Span<double> byRegion = n <= 64 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++)
        {
            var r = regions[i];
            byRegion[i] = hasCoordinates && r.HasLocation
                ? GeoDistance.Kilometres(clat, clon, r.Latitude!.Value, r.Longitude!.Value)
                : double.NaN;
        }

        int count = 0;
        string? subdivision = Normalize(location.Subdivision);
        string? country = Normalize(location.Country);
        string? continent = Normalize(location.Continent);
        if (subdivision is not null)
        {
            count = AddTier(regions, placed, order, tiers, byRegion, count, Tier.Subdivision, subdivision);
        }

        if (country is not null)
        {
            count = AddTier(regions, placed, order, tiers, byRegion, count, Tier.Country, country);
        }

        if (continent is not null)
        {
            count = AddTier(regions, placed, order, tiers, byRegion, count, Tier.Continent, continent);
        }

        if (hasCoordinates)
        {
            int start = count;
            for (int i = 0; i < n; i++)
            {
                if (!placed[i] && regions[i].HasLocation)
                {
                    placed[i] = true;
                    order[count] = i;
                    tiers[count] = Tier.Distance;
                    count++;
                }
            }

            SortByDistance(order[start..count], byRegion);
        }

        Tier rest = hasCoordinates ? Tier.NoLocation : Tier.Default;
        for (int i = 0; i < n; i++)
        {
            if (!placed[i])
            {
                placed[i] = true;
                order[count] = i;
                tiers[count] = rest;
                count++;
            }
        }

        for (int i = 0; i < n; i++)
        {
            km[i] = byRegion[order[i]];
        }
    }

    public static string DistanceReason(double km) =>
        "distance " + Math.Round(km).ToString("0", CultureInfo.InvariantCulture) + " km";

    private static string? Normalize(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    private static int AddTier(
        IReadOnlyList<CompiledRegion> regions,
        Span<bool> placed,
        Span<int> order,
        Span<Tier> tiers,
        ReadOnlySpan<double> byRegion,
        int count,
        Tier tier,
        string code)
    {
        int start = count;
        for (int i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
            string[] codes = tier switch
            {
                Tier.Subdivision => r.Subdivisions,
                Tier.Country => r.Countries,
                _ => r.Continents,
            };
            if (!placed[i] && Array.IndexOf(codes, code) >= 0)
            {
                placed[i] = true;
                order[count] = i;
                tiers[count] = tier;
                count++;
            }
        }

        SortByDistance(order[start..count], byRegion);
        return count;
    }

    /// <summary>Stable insertion sort by distance (NaN = unknown sorts last), ties by index (the input order).</summary>
    private static void SortByDistance(Span<int> indices, ReadOnlySpan<double> byRegion)
    {
        for (int i = 1; i < indices.Length; i++)
        {
            int x = indices[i];
            int j = i - 1;
            while (j >= 0 && Before(byRegion[x], byRegion[indices[j]]))
            {
                indices[j + 1] = indices[j];
                j--;
            }

            indices[j + 1] = x;
        }
    }

    private static bool Before(double a, double b) =>
        !double.IsNaN(a) && (double.IsNaN(b) || a < b);
}
