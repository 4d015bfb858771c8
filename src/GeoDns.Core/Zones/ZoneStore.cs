using GeoDns.Core.Resolution;

namespace GeoDns.Core.Zones;

/// <summary>
/// The zones in service, as a view of a <see cref="GeoState"/> (the zones live in its snapshot,
/// beside the topology their regions refer to). Readers take one snapshot per query; reload swaps
/// the set whole.
/// </summary>
public sealed class ZoneStore
{
    /// <summary>A store of its own (tests, tools): no topology, every region up.</summary>
    public ZoneStore(ZoneSet initial)
        : this(new GeoState(GeoSnapshot.None with { Zones = initial }))
    {
    }

    /// <summary>The zones of <paramref name="state"/>.</summary>
    public ZoneStore(GeoState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
    }

    /// <summary>The state the zones are published through.</summary>
    public GeoState State { get; }

    public ZoneSet Current => State.Current.Zones;

    /// <summary>Publishes <paramref name="next"/> and returns the set it replaced.</summary>
    public ZoneSet Swap(ZoneSet next) => State.SetZones(next);
}
