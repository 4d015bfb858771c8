namespace GeoDns.Server.Logging;

/// <summary>
/// The one table of log event ids: each component logs through one class of <c>[LoggerMessage]</c>
/// methods and owns a fixed range. A new message takes the next free id of its component's range;
/// an id never changes meaning. <c>LogEventTests</c> fails on an id used twice, outside its range,
/// or in a log class missing here.
/// </summary>
internal static class LogEvents
{
    /// <summary>One component's range of event ids (both ends included) and the class its messages are declared in.</summary>
    public sealed record Range(string Component, string LogClass, int First, int Last);

    public const int Hosting = 1000;
    public const int ZoneLoading = 2000;
    public const int Listeners = 3000;
    public const int Admin = 5000;
    public const int Health = 6000;
    public const int StateFile = 6900;
    public const int Reload = 7000;
    public const int QueryLog = 8000;

    public static IReadOnlyList<Range> Ranges { get; } =
    [
        new("start-up and shutdown (Hosting)", "ServerLog", Hosting, Hosting + 999),
        new("zone loading, at start and live (Reload)", "ZoneLoadLog", ZoneLoading, ZoneLoading + 999),
        new("listeners: UDP 3xxx, TCP 4xxx (Listeners)", "ListenerLog", Listeners, Listeners + 1999),
        new("admin API (Admin)", "AdminLog", Admin, Admin + 999),
        new("health monitor (GeoDns.Core Health)", "HealthLog", Health, StateFile - 1),
        new("health state file and its last good copy (Health)", "StateFileLog", StateFile, StateFile + 99),
        new("live reload (Reload)", "ReloadLog", Reload, Reload + 999),
        new("query log (QueryLog)", "QueryLogLog", QueryLog, QueryLog + 999),
    ];
}
