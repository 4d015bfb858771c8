namespace GeoDns.Core.Zones;

/// <summary>
/// Where the addresses of one MX/SRV/NS target name are, precomputed at load time:
/// <see cref="Node"/> in the same zone, or <see cref="External"/> (look the name up in the zone
/// set at query time), or neither (no addresses to add). <see cref="Required"/> marks in-domain
/// referral glue.
/// </summary>
internal readonly record struct AdditionalTarget(ZoneNode? Node, bool External, bool Required);
