using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>The lookup the server uses: the snapshot's zones through <see cref="LookupEngine"/>, with its health and all-down policy.</summary>
internal sealed class EngineLookup : QueryLookup
{
    public static readonly EngineLookup Instance = new();

    private EngineLookup()
    {
    }

    public override void Lookup(ServingSnapshot geo, ReadOnlySpan<int> order, ReadOnlySpan<byte> qname, ushort qtype, LookupResult result)
    {
        var regions = new RegionPreference(order, geo.Health, geo.Topology.AllDown);
        LookupEngine.Lookup(geo.Zones, qname, qtype, in regions, result);
    }
}
