namespace GeoDns.Server.Admin;

/// <summary>Body of <c>PUT /v1/regions/{region}/override</c>.</summary>
internal sealed record OverrideRequest(string? State, string? Reason, DateTimeOffset? Expires);

/// <summary>Body of <c>PUT /v1/regions/{region}/report</c>; <c>ttl</c> is a duration ("60s", "00:01:00").</summary>
internal sealed record ReportRequest(string? State, string? Ttl, string? Source);

/// <summary>One region in <c>GET /v1/regions</c>.</summary>
internal sealed record RegionView(string Name, string State, string Cause, IReadOnlyList<CheckView> Checks, OverrideView? Override, ReportView? Report);

internal sealed record CheckView(string Name, string Type, string State, bool? LastSuccess, string? LastResult, double? LastLatencyMs, DateTimeOffset? LastTime);

internal sealed record OverrideView(string State, string Reason, DateTimeOffset? Expires, DateTimeOffset SetAt);

internal sealed record ReportView(string State, string Source, DateTimeOffset Expires);

internal sealed record RegionsView(IReadOnlyList<RegionView> Regions);

internal sealed record HealthzView(bool Serving, IReadOnlyList<string> Listen);

/// <summary>
/// One zone file in <c>GET /v1/zones</c>. <c>ServingLastGood</c>: the file did not load at start
/// and the zone served is its last-good copy <c>LastGood</c> (null otherwise).
/// </summary>
internal sealed record ZoneView(
    string File,
    string? Zone,
    uint? Serial,
    int? Records,
    DateTimeOffset? LoadedAt,
    string LastResult,
    DateTimeOffset LastAttempt,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    long Loads,
    long Failures,
    long Rejections,
    bool ServingLastGood,
    string? LastGood,
    GeoDns.Server.Reload.PolicyStatus? Tests);

internal sealed record ZonesView(IReadOnlyList<ZoneView> Zones);
