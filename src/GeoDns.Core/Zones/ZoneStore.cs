namespace GeoDns.Core.Zones;

/// <summary>Holds the zone set in service. Readers take one snapshot per query; reload swaps it whole.</summary>
public sealed class ZoneStore
{
    private ZoneSet _current;

    public ZoneStore(ZoneSet initial) => _current = initial;

    public ZoneSet Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the set it replaced.</summary>
    public ZoneSet Swap(ZoneSet next) => Interlocked.Exchange(ref _current, next);
}
