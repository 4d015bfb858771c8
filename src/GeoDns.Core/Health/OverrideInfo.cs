namespace GeoDns.Core.Health;

/// <summary>An admin override of a region's state; <see cref="Expires"/> null = until cleared.</summary>
public sealed record OverrideInfo(RegionState State, string Reason, DateTimeOffset? Expires, DateTimeOffset SetAt);
