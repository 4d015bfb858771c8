using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>One zone file as the catalog knows it (what <c>GET /v1/zones</c> reports).</summary>
/// <param name="Path">The zone file (as shown in diagnostics).</param>
/// <param name="Zone">The zone served from this file, or null (never loaded).</param>
/// <param name="LoadedAt">When <paramref name="Zone"/> was put into service.</param>
/// <param name="LastResult">The result of the last attempt.</param>
/// <param name="LastAttempt">When the last attempt was made.</param>
/// <param name="Errors">The last attempt's errors (empty after a good load): file:line:col diagnostics.</param>
/// <param name="Loads">Attempts that put a zone into service since start (the first load included).</param>
/// <param name="Failures">Attempts that failed (errors in the file) since start.</param>
/// <param name="Rejections">Attempts rejected (policy tests, or the reload they were part of) since start.</param>
public sealed record ZoneFileStatus(
    string Path,
    Zone? Zone,
    DateTimeOffset? LoadedAt,
    ZoneReloadResult LastResult,
    DateTimeOffset LastAttempt,
    IReadOnlyList<Diagnostic> Errors,
    long Loads,
    long Failures,
    long Rejections)
{
    /// <summary>The last attempt's warnings (e.g. a serial that did not increase, or was bumped by <c>AutoSerial</c>).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    /// <summary>
    /// The copy <see cref="Zone"/> was loaded from because the file itself failed (a
    /// <see cref="ZoneFallback"/>), or null when the zone served came from the file.
    /// </summary>
    public string? Fallback { get; init; }
}
