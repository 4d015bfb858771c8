using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// Holds what is in service: each query reads <see cref="Current"/> once (zones, topology and
/// health together, never half of a change); a reload and a health change each publish a new
/// immutable snapshot with one compare-and-swap. Lock-free. Health carrying region names
/// (<see cref="HealthSnapshot.RegionNames"/>) is aligned to the topology it is published with, so
/// the health monitor and a topology reload may publish in either order.
/// </summary>
public sealed class ServingState
{
    private ServingSnapshot _current;

    public ServingState()
        : this(ServingSnapshot.None)
    {
    }

    public ServingState(ServingSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = Aligned(initial);
    }

    public ServingSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the snapshot it replaced.</summary>
    public ServingSnapshot Swap(ServingSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, Aligned(next));
    }

    /// <summary>Publishes a new topology, keeping the current health and zones.</summary>
    public void SetTopology(GeoTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Update(topology, null, null);
    }

    /// <summary>Publishes a new health snapshot, keeping the current topology and zones.</summary>
    public void SetHealth(HealthSnapshot health)
    {
        ArgumentNullException.ThrowIfNull(health);
        Update(null, health, null);
    }

    /// <summary>Publishes a new zone set, keeping the current topology and health; returns the set it replaced.</summary>
    public ZoneSet SetZones(ZoneSet zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        return Update(null, null, zones).Zones;
    }

    /// <summary>
    /// Publishes a topology and the zones built against it in one step (a reload that changes the
    /// regions), keeping the current health (realigned by region name).
    /// </summary>
    public void SetTopologyAndZones(GeoTopology topology, ZoneSet zones)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(zones);
        Update(topology, null, zones);
    }

    private ServingSnapshot Update(GeoTopology? topology, HealthSnapshot? health, ZoneSet? zones)
    {
        while (true)
        {
            ServingSnapshot seen = Volatile.Read(ref _current);
            var next = Aligned(new ServingSnapshot(topology ?? seen.Topology, health ?? seen.Health, zones ?? seen.Zones));
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen)) return seen;
        }
    }

    private static ServingSnapshot Aligned(ServingSnapshot snapshot)
    {
        var health = snapshot.Health.AlignTo(snapshot.Topology.RegionNames);
        return ReferenceEquals(health, snapshot.Health) ? snapshot : snapshot with { Health = health };
    }
}
