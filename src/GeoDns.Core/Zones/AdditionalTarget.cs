namespace GeoDns.Core.Zones;

/// <summary>
/// Where the addresses of one MX/SRV/NS target name are, precomputed at load time:
/// <see cref="Node"/> (an index into the same zone's nodes, <see cref="ZoneNode.None"/> if none),
/// or <see cref="External"/> (look the name up in the zone set at query time), or neither (no
/// addresses to add). <see cref="Required"/> marks in-domain referral glue.
/// </summary>
internal readonly record struct AdditionalTarget(int Node, bool External, bool Required)
{
    /// <summary>No addresses to add.</summary>
    public static AdditionalTarget Nothing => new(ZoneNode.None, External: false, Required: false);

    /// <summary>Look the target up in the zone set at query time.</summary>
    public static AdditionalTarget InZoneSet => new(ZoneNode.None, External: true, Required: false);

    public bool HasNode => Node != ZoneNode.None;
}
