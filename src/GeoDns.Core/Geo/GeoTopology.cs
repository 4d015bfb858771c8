namespace GeoDns.Core.Geo;

/// <summary>
/// The compiled topology: region names (their indices are the region indices of the zone data),
/// CIDR rules, the GeoIP database and a precompiled preference order for every kind of client.
/// Immutable; swapped whole on reload. The query path calls only <see cref="Locate"/>.
/// </summary>
/// <remarks>
/// <para><b>Region indices:</b> the regions of <see cref="GeoOptions.DefaultOrder"/> first, in that
/// order, then the remaining regions in ordinal name order. So the default order is simply
/// 0, 1, …, N-1, and <see cref="RegionNames"/> is the list the zone loader maps <c>$REGION</c>
/// names with.</para>
/// <para><b>Orders:</b> every order lists every region, so all orders have length N and order id
/// k is the slice [k·N, k·N+N) of one int table. Id 0 is the default order. A CIDR rule's order is
/// its regions (in rule order) followed by the remaining regions in the default order — a rule
/// overrides the database completely, so its answer (and its ECS scope) does not depend on the
/// database. Each database location id maps to an order id computed at build time
/// (<see cref="RegionOrdering"/>).</para>
/// <para><b>ECS scope:</b> for a rule match, the matched rule's prefix, lengthened to one bit past
/// the last trie node on the client's path when the rule has nested, more specific rules; without
/// a rule match, the maximum of the database network's prefix and the shortest prefix whose block
/// holds no rule. When the topology has a single distinct order, the scope is 0.</para>
/// </remarks>
public sealed partial class GeoTopology
{
    private readonly CompiledRegion[] _regions;
    private readonly int _regionCount;
    private readonly int[] _orders;
    private readonly int _orderCount;
    private readonly int[] _locationOrder;
    private readonly CompiledRule[] _rules;
    private readonly int[] _ruleOrder;
    private readonly CidrTrie _v4;
    private readonly CidrTrie _v6;
    private readonly IGeoDatabase? _database;

    private GeoTopology(
        CompiledRegion[] regions,
        int[] orders,
        int orderCount,
        int[] locationOrder,
        CompiledRule[] rules,
        int[] ruleOrder,
        CidrTrie v4,
        CidrTrie v6,
        IGeoDatabase? database,
        AllDownPolicy allDown)
    {
        _regions = regions;
        _regionCount = regions.Length;
        _orders = orders;
        _orderCount = orderCount;
        _locationOrder = locationOrder;
        _rules = rules;
        _ruleOrder = ruleOrder;
        _v4 = v4;
        _v6 = v6;
        _database = database;
        AllDown = allDown;
        var names = new string[regions.Length];
        for (int i = 0; i < regions.Length; i++)
        {
            names[i] = regions[i].Name;
        }

        RegionNames = names;
    }

    /// <summary>A topology with no regions: every client gets an empty preference.</summary>
    public static GeoTopology None { get; } = new([], [], 1, [], [], [], CidrTrie.Empty, CidrTrie.Empty, null, AllDownPolicy.First);

    /// <summary>Region names by index (DefaultOrder first, then the other regions in ordinal name order).</summary>
    public IReadOnlyList<string> RegionNames { get; }

    public AllDownPolicy AllDown { get; }

    /// <summary>The GeoIP database the topology was compiled against, or null.</summary>
    public IGeoDatabase? Database => _database;

    /// <summary>Number of distinct preference orders in the compiled table.</summary>
    public int OrderCount => _orderCount;

    /// <summary>The index of a region name (ordinal), for the zone loader; false when unknown.</summary>
    public bool TryGetRegionIndex(string name, out int index)
    {
        for (int i = 0; i < _regions.Length; i++)
        {
            if (string.Equals(_regions[i].Name, name, StringComparison.Ordinal))
            {
                index = i;
                return true;
            }
        }

        index = -1;
        return false;
    }

    /// <summary>
    /// The client's preference order (every region, best first) and the exact ECS scope prefix:
    /// the block address/scope contains no address that would get a different order (see the
    /// remarks of <see cref="GeoTopology"/>). The scope may be longer than
    /// <paramref name="sourcePrefix"/> (RFC 7871 §7.2.1). <paramref name="address"/> is IPv4 in the
    /// low 32 bits when <paramref name="isIPv6"/> is false (the caller unwraps IPv4-mapped
    /// addresses) and has no bits set beyond <paramref name="sourcePrefix"/>.
    /// Allocation-free and lock-free; the span points into the precompiled table.
    /// </summary>
    public ReadOnlySpan<int> Locate(UInt128 address, bool isIPv6, int sourcePrefix, out int scopePrefix)
    {
        int n = _regionCount;
        if (_orderCount <= 1)
        {
            scopePrefix = 0;
            return new ReadOnlySpan<int>(_orders, 0, n);
        }

        int bits = isIPv6 ? 128 : 32;
        (isIPv6 ? _v6 : _v4).Walk(address, bits, out int rule, out int ruleScope);
        int orderId;
        if (rule >= 0)
        {
            orderId = _ruleOrder[rule];
            scopePrefix = ruleScope;
        }
        else
        {
            orderId = 0;
            int dbPrefix = 0;
            if (_database is { } db)
            {
                if (db.TryFind(address, isIPv6, out int location, out dbPrefix)
                    && (uint)location < (uint)_locationOrder.Length)
                {
                    orderId = _locationOrder[location];
                }

                dbPrefix = Math.Clamp(dbPrefix, 0, bits);
            }

            scopePrefix = Math.Max(ruleScope, dbPrefix);
        }

        return new ReadOnlySpan<int>(_orders, orderId * n, n);
    }

    /// <summary>A compiled CIDR rule: its canonical network text and region indices.</summary>
    private sealed record CompiledRule(string Network, int[] Regions);
}
