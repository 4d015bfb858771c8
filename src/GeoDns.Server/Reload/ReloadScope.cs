namespace GeoDns.Server.Reload;

/// <summary>What a reload request covers.</summary>
[Flags]
internal enum ReloadScope
{
    None = 0,
    /// <summary>Scan the zones directory (and included files) for changes.</summary>
    Zones = 1,
    /// <summary>Read the configuration again.</summary>
    Config = 2,
    /// <summary>Open the GeoIP database again.</summary>
    GeoDatabase = 4,
    /// <summary>Everything (SIGHUP, <c>POST /v1/reload</c>).</summary>
    All = Zones | Config | GeoDatabase,
}
