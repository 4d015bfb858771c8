namespace GeoDns.Core.Geo;

// CONTRACT STUB — the topology helper replaces this file with the compiled, immutable topology.
/// <summary>
/// The compiled topology: region names (their indices are the region indices of the zone data),
/// CIDR rules, the GeoIP database and a precompiled preference order for every kind of client.
/// Immutable; swapped whole on reload. The query path calls only <see cref="Locate"/>.
/// </summary>
public sealed class GeoTopology
{
    /// <summary>A topology with no regions: every client gets an empty preference.</summary>
    public static GeoTopology None { get; } = new();

    /// <summary>Region names by index.</summary>
    public IReadOnlyList<string> RegionNames { get; } = [];

    public AllDownPolicy AllDown { get; }

    /// <summary>
    /// Validates and compiles the options. Throws <see cref="GeoConfigException"/> naming the
    /// config key (e.g. "Geo:Networks:10.0.0.0/33") on any problem.
    /// </summary>
    public static GeoTopology Build(GeoOptions options, IGeoDatabase? database) => None;

    /// <summary>
    /// The client's preference order (every region, best first) and the ECS scope prefix: the
    /// longest-or-equal prefix (≥ <paramref name="sourcePrefix"/>'s database/rule network prefix)
    /// over which the order cannot change. <paramref name="address"/> has no bits set beyond
    /// <paramref name="sourcePrefix"/>. Allocation-free; the span points into precompiled tables.
    /// </summary>
    public ReadOnlySpan<int> Locate(UInt128 address, bool isIPv6, int sourcePrefix, out int scopePrefix)
    {
        scopePrefix = 0;
        return [];
    }

    /// <summary>The whole decision for one client, for `geodns explain` and the admin API (not the query path).</summary>
    public GeoExplanation Explain(System.Net.IPAddress address, int sourcePrefix) =>
        new(address.ToString() + "/" + sourcePrefix, null, null, null, [], 0);
}
