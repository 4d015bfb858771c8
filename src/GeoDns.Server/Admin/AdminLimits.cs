using GeoDns.Core.Zones.Loading;

namespace GeoDns.Server.Admin;

/// <summary>
/// Bounds on what the admin API accepts and returns, so a caller (or a broken script) cannot make the
/// server hold, persist or log megabytes: a request body, each free-text field, and the diagnostics
/// listed per zone file. README "Admin API" states them.
/// </summary>
internal static class AdminLimits
{
    /// <summary>Largest request body (bytes); larger is refused with 413 before it is read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Longest override <c>reason</c> (characters); longer is 400.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>Longest report <c>source</c> (characters); longer is 400.</summary>
    public const int MaxSourceLength = 256;

    /// <summary>
    /// Errors, and warnings, listed per zone file in <c>GET /v1/zones</c> and per list in a reload report;
    /// the counts give the rest. The zone loader already keeps only its first 100 diagnostics and one
    /// line counting the others, so a zone's list is never cut here: this bound is the backstop for
    /// every other list (the configuration's and the GeoIP database's messages).
    /// </summary>
    public const int MaxDiagnosticsPerZone = ZoneLoadOptions.DefaultMaxDiagnostics + 1;
}
