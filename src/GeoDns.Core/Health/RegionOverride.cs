namespace GeoDns.Core.Health;

/// <summary>One region's override, as an <see cref="IOverrideStore"/> keeps it.</summary>
public sealed record RegionOverride(string Region, OverrideInfo Override);
