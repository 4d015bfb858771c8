namespace GeoDns.Core.Health;

/// <summary>The state an external probe reported for a region, valid until <see cref="Expires"/>.</summary>
public sealed record ReportInfo(RegionState State, string Source, DateTimeOffset Expires);
