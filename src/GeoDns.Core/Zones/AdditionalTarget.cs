namespace GeoDns.Core.Zones;

/// <summary>
/// Where the addresses of one MX/SRV/NS target name are, precomputed at load time:
/// <see cref="Node"/> (an index into the same zone's nodes, <see cref="ZoneNode.None"/> if none),
/// or <see cref="External"/> (look the name up in the zone set at query time), or neither (no
/// addresses to add). <see cref="Required"/> marks in-domain referral glue. <c>default</c> is
/// <see cref="Nothing"/> (the index is stored plus one so that it cannot point at node 0).
/// </summary>
internal readonly struct AdditionalTarget(int node, bool external, bool required)
{
    private readonly int _nodePlusOne = node + 1;

    /// <summary>No addresses to add.</summary>
    public static AdditionalTarget Nothing => default;

    /// <summary>Look the target up in the zone set at query time.</summary>
    public static AdditionalTarget InZoneSet => new(ZoneNode.None, external: true, required: false);

    public int Node => _nodePlusOne - 1;

    public bool HasNode => _nodePlusOne != 0;

    public bool External { get; } = external;

    public bool Required { get; } = required;
}
