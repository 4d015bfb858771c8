using GeoDns.Core.Geo;
using GeoDns.Core.Health;

namespace GeoDns.Core.Resolution;

/// <summary>
/// Holds the geo state in service, like <see cref="Zones.ZoneStore"/> holds the zones: each query
/// reads <see cref="Current"/> once (topology and health together, never half of a change); a
/// topology reload and a health change each publish a new immutable pair. Lock-free.
/// </summary>
public sealed class GeoState
{
    private GeoSnapshot _current;

    public GeoState()
        : this(GeoSnapshot.None)
    {
    }

    public GeoState(GeoSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    public GeoSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the pair it replaced.</summary>
    public GeoSnapshot Swap(GeoSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }

    /// <summary>Publishes a new topology, keeping the current health.</summary>
    public void SetTopology(GeoTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Update(topology, null);
    }

    /// <summary>Publishes a new health snapshot, keeping the current topology.</summary>
    public void SetHealth(HealthSnapshot health)
    {
        ArgumentNullException.ThrowIfNull(health);
        Update(null, health);
    }

    private void Update(GeoTopology? topology, HealthSnapshot? health)
    {
        while (true)
        {
            GeoSnapshot seen = Volatile.Read(ref _current);
            var next = new GeoSnapshot(topology ?? seen.Topology, health ?? seen.Health);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen)) return;
        }
    }
}
