using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// Everything one query is answered from, read together: the topology, the health of its regions
/// and the zones (whose <c>$REGION</c> indices are the topology's). A reload that changes the
/// topology's regions publishes new zones, topology and realigned health as one snapshot.
/// </summary>
public sealed record ServingSnapshot(GeoTopology Topology, HealthSnapshot Health, ZoneSet Zones)
{
    /// <summary>A snapshot without zones.</summary>
    public ServingSnapshot(GeoTopology topology, HealthSnapshot health)
        : this(topology, health, ZoneSet.Empty)
    {
    }

    /// <summary>No topology, every region up, no zones.</summary>
    public static ServingSnapshot None { get; } = new(GeoTopology.None, HealthSnapshot.AllUp, ZoneSet.Empty);
}
