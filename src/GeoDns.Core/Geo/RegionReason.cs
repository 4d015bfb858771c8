namespace GeoDns.Core.Geo;

/// <summary>One position of a preference order and why it is there.</summary>
public sealed record RegionReason(int Region, string Name, string Reason);
