namespace GeoDns.Core.Geo;

/// <summary>Why a client gets its preference order.</summary>
/// <param name="Client">The address/prefix located.</param>
/// <param name="Location">The database record found, or null.</param>
/// <param name="DatabaseNetwork">The database network that matched ("198.51.100.0/24"), or null.</param>
/// <param name="RuleNetwork">The CIDR rule that matched, or null.</param>
/// <param name="Order">Every region, best first, with the reason for its position
/// ("rule 10.0.0.0/8", "subdivision US-CA", "country US", "continent NA", "distance 5,412 km", "default order").</param>
/// <param name="ScopePrefix">The ECS scope prefix for answers that depend on the region.</param>
public sealed record GeoExplanation(
    string Client,
    GeoLocation? Location,
    string? DatabaseNetwork,
    string? RuleNetwork,
    IReadOnlyList<RegionReason> Order,
    int ScopePrefix);
