namespace GeoDns.Server.Reload;

/// <summary>
/// What one reload did (the body of <c>POST /v1/reload</c>): the configuration, the GeoIP database
/// and each zone file that changed, with what was rejected and why.
/// </summary>
/// <param name="Trigger">What asked for it (api, sighup, watcher, poll).</param>
/// <param name="Success">False when anything was rejected or failed.</param>
internal sealed record ReloadReport(
    string Trigger,
    DateTimeOffset At,
    long ElapsedMs,
    bool Success,
    SectionReport Config,
    SectionReport GeoDatabase,
    IReadOnlyList<ZoneChangeReport> Zones);
