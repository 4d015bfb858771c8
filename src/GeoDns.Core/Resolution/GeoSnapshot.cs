using GeoDns.Core.Geo;
using GeoDns.Core.Health;

namespace GeoDns.Core.Resolution;

/// <summary>The topology and the health of its regions that one query sees, read together.</summary>
public sealed record GeoSnapshot(GeoTopology Topology, HealthSnapshot Health)
{
    /// <summary>No topology, every region up.</summary>
    public static GeoSnapshot None { get; } = new(GeoTopology.None, HealthSnapshot.AllUp);
}
