namespace GeoDns.Core.Health;

/// <summary>One region's effective state, why, and what its checks, override and report say.</summary>
public sealed record RegionStatus(
    string Region,
    RegionState State,
    StateCause Cause,
    IReadOnlyList<CheckStatus> Checks,
    OverrideInfo? Override,
    ReportInfo? Report);
