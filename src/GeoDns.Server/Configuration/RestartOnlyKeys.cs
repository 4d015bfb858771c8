namespace GeoDns.Server.Configuration;

/// <summary>
/// The settings only read at start (listeners, identity, logging, the query log, paths): a reload
/// that changes one says "takes effect after a restart" and keeps the running value. The one list,
/// each key with how its value is compared; the README's "What needs a restart" list is checked against it.
/// </summary>
internal static class RestartOnlyKeys
{
    /// <summary>A restart-only key and whether two configurations hold the same value for it.</summary>
    public sealed record Entry(string Key, Func<GeoDnsConfiguration, GeoDnsConfiguration, bool> Same);

    /// <summary>Every restart-only key, in the order a reload reports them.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        new("Listen", static (a, b) => a.Options.EffectiveListen.SequenceEqual(b.Options.EffectiveListen, StringComparer.Ordinal)),
        Value("Tcp:IdleTimeout", static c => c.Options.Tcp.GetIdleTimeout()),
        Value("Tcp:MaxConnections", static c => c.Options.Tcp.MaxConnections),
        Value("Tcp:MaxConnectionsPerClient", static c => c.Options.Tcp.MaxConnectionsPerClient),
        Value("MaxUdpPayload", static c => c.Options.MaxUdpPayload),
        Value("UdpSocketsPerAddress", static c => c.Options.UdpSocketsPerAddress),
        Value("UdpReceiveMode", static c => c.Options.UdpReceiveMode),
        Value("Identity", static c => c.Options.Identity),
        Value("Version", static c => c.Options.Version),
        Value("ZonesDirectory", static c => c.ZonesDirectory),
        Value("Zones:Watch", static c => c.Zones.Watch),
        Value("Admin:Enabled", static c => c.Admin.Enabled),
        Value(SettingKeys.AdminListen, static c => c.Admin.EndPoint),
        Value(SettingKeys.HealthStateFile, static c => c.Health.StateFile),
        Value("QueryLog:Enabled", static c => c.QueryLog.Enabled),
        Value("QueryLog:Path", static c => c.QueryLog.Path),
        Value("QueryLog:QueueCapacity", static c => c.QueryLog.QueueCapacity),
        new("Serilog", static (a, b) => ConfigText.Flatten(a.Configuration, "Serilog") == ConfigText.Flatten(b.Configuration, "Serilog")),
    ];

    /// <summary>The restart-only keys whose value differs between <paramref name="current"/> and <paramref name="next"/>.</summary>
    public static List<string> Changed(GeoDnsConfiguration current, GeoDnsConfiguration next)
    {
        var keys = new List<string>();
        foreach (var entry in All)
        {
            if (!entry.Same(current, next)) keys.Add(entry.Key);
        }
        return keys;
    }

    /// <summary>A key compared by its value's equality (strings ordinally).</summary>
    private static Entry Value<T>(string key, Func<GeoDnsConfiguration, T> read) =>
        new(key, (a, b) => EqualityComparer<T>.Default.Equals(read(a), read(b)));
}
