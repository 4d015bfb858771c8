using System.Net;

namespace GeoDns.Core.Geo;

public sealed partial class GeoTopology
{
    /// <summary>The whole decision for one client, for `geodns explain` and the admin API (not the query path).</summary>
    public GeoExplanation Explain(IPAddress address, int sourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6 && sourcePrefix >= 96)
        {
            sourcePrefix -= 96; // ::ffff:a.b.c.d/120 is a.b.c.d/24
        }

        UInt128 value = IpBits.From(address, out bool isIPv6);
        int bits = isIPv6 ? 128 : 32;
        sourcePrefix = Math.Clamp(sourcePrefix, 0, bits);
        value = IpBits.Mask(value, bits, sourcePrefix);
        string client = IpBits.Format(value, isIPv6, sourcePrefix);

        var order = Locate(value, isIPv6, sourcePrefix, out int scope);

        (isIPv6 ? _v6 : _v4).Walk(value, bits, out int rule, out _);
        string? ruleNetwork = rule >= 0 ? _rules[rule].Network : null;

        GeoLocation? location = null;
        string? databaseNetwork = null;
        if (_database is { } db)
        {
            if (db.TryFind(value, isIPv6, out int locationId, out int dbPrefix))
            {
                location = db.GetLocation(locationId);
                databaseNetwork = IpBits.Format(value, isIPv6, Math.Clamp(dbPrefix, 0, bits));
            }
        }

        List<RegionReason> reasons = rule >= 0
            ? RegionOrdering.ForRule(_regions, _rules[rule].Regions, _rules[rule].Network)
            : RegionOrdering.ForLocation(_regions, location);

        // The reasons come from the same computation as the compiled table; keep the table's order authoritative.
        var result = new List<RegionReason>(order.Length);
        foreach (int region in order)
        {
            RegionReason? reason = reasons.Find(r => r.Region == region);
            result.Add(reason ?? new RegionReason(region, _regions[region].Name, RegionOrdering.DefaultReason));
        }

        return new GeoExplanation(client, location, databaseNetwork, ruleNetwork, result, scope);
    }
}
