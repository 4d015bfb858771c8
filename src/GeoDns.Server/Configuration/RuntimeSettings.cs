using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Core.Zones.Loading;
using GeoDns.Server.Listeners;

namespace GeoDns.Server.Configuration;

/// <summary>
/// The one mapping from a loaded configuration to the settings the running parts take: the query
/// processor's <see cref="ProtocolOptions"/> (the server, <c>geodns explain</c> and the policy tests
/// use the same), the listeners' <see cref="ListenerSettings"/> and the zone catalog's
/// <see cref="ZoneCatalogOptions"/>. The health monitor, the query log and the admin API take their
/// section's options as read (<see cref="GeoDnsConfiguration.Health"/>, <see cref="GeoDnsConfiguration.QueryLog"/>,
/// <see cref="GeoDnsConfiguration.Admin"/>).
/// </summary>
internal static class RuntimeSettings
{
    public static ProtocolOptions Protocol(GeoDnsConfiguration configuration)
    {
        var options = configuration.Options;
        return new ProtocolOptions
        {
            MaxUdpPayload = options.MaxUdpPayload,
            Identity = string.IsNullOrEmpty(options.Identity) ? null : options.Identity,
            Version = string.IsNullOrEmpty(options.Version) ? null : options.Version,
            Cookies = new CookieOptions
            {
                Enabled = configuration.Cookies.Enabled,
                Secret = configuration.Cookies.Secret,
                PreviousSecret = configuration.Cookies.PreviousSecret,
                RequireValid = configuration.Cookies.RequireValid,
            },
        };
    }

    public static ListenerSettings Listeners(GeoDnsConfiguration configuration)
    {
        var options = configuration.Options;
        return new ListenerSettings
        {
            MaxUdpPayload = options.MaxUdpPayload,
            UdpSocketsPerAddress = options.UdpSocketsPerAddress,
            UdpReceiveMode = options.UdpReceiveMode,
            TcpIdleTimeout = options.Tcp.GetIdleTimeout(),
            TcpMaxConnections = options.Tcp.MaxConnections,
            TcpMaxConnectionsPerClient = options.Tcp.MaxConnectionsPerClient,
        };
    }

    /// <summary>The catalog options of a configuration; <paramref name="previous"/>'s load options stay while the regions do.</summary>
    public static ZoneCatalogOptions ZoneCatalog(GeoDnsConfiguration configuration, ZoneCatalogOptions? previous) => new()
    {
        // The same load options object while the regions stay the same: the catalog need not reload every file.
        LoadOptions = previous?.LoadOptions is { } before && SameLoadOptions(before, configuration.ZoneLoadOptions)
            ? before
            : configuration.ZoneLoadOptions,
        AutoSerial = configuration.Zones.AutoSerial,
        QuietPeriod = configuration.Zones.QuietPeriod,
    };

    /// <summary>The same regions and limits: a changed limit applies to each zone file loaded after it (a file loads again when it changes).</summary>
    private static bool SameLoadOptions(ZoneLoadOptions a, ZoneLoadOptions b) =>
        SameRegions(a.Regions, b.Regions) && a.MaxGenerateRecords == b.MaxGenerateRecords && a.MaxRecordsPerZone == b.MaxRecordsPerZone;

    /// <summary>The same region names in the same order (both null counts as the same).</summary>
    public static bool SameRegions(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
