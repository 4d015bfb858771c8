namespace GeoDns.Server.Admin;

/// <summary>
/// Body of <c>PUT /v1/regions/{region}/override</c>. The lifetime is either relative,
/// <c>expiresIn</c> (a duration: "2h", "90m", "7d"), or an absolute <c>expires</c>; neither: until deleted.
/// </summary>
internal sealed record OverrideRequest(string? State, string? Reason, DateTimeOffset? Expires, string? ExpiresIn);

/// <summary>
/// Body of <c>PUT /v1/regions/{region}/report</c>. The lifetime is required: <c>ttl</c> or its synonym
/// <c>expiresIn</c> (a duration: "60s", "00:01:00"), or an absolute <c>expires</c>.
/// </summary>
internal sealed record ReportRequest(string? State, string? Ttl, string? Source, string? ExpiresIn, DateTimeOffset? Expires);

/// <summary>One region in <c>GET /v1/regions</c>.</summary>
internal sealed record RegionView(string Name, string State, string Cause, IReadOnlyList<CheckView> Checks, OverrideView? Override, ReportView? Report);

internal sealed record CheckView(string Name, string Type, string State, bool? LastSuccess, string? LastResult, double? LastLatencyMs, DateTimeOffset? LastTime);

internal sealed record OverrideView(string State, string Reason, DateTimeOffset? Expires, DateTimeOffset SetAt);

internal sealed record ReportView(string State, string Source, DateTimeOffset Expires);

internal sealed record RegionsView(IReadOnlyList<RegionView> Regions);

internal sealed record HealthzView(bool Serving, IReadOnlyList<string> Listen);

/// <summary>
/// One zone file in <c>GET /v1/zones</c>. <c>ServingLastGood</c>: the file did not load at start
/// and the zone served is its last-good copy <c>LastGood</c> (null otherwise). <c>Errors</c> and
/// <c>Warnings</c> list the first <see cref="AdminLimits.MaxDiagnosticsPerZone"/> of each;
/// <c>ErrorCount</c> and <c>WarningCount</c> count them all.
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
    int ErrorCount,
    IReadOnlyList<string> Warnings,
    int WarningCount,
    long Loads,
    long Failures,
    long Rejections,
    bool ServingLastGood,
    string? LastGood,
    GeoDns.Server.Reload.PolicyStatus? Tests);

internal sealed record ZonesView(IReadOnlyList<ZoneView> Zones);
