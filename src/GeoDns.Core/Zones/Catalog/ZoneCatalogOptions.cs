using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>How a <see cref="ZoneCatalog"/> loads its directory.</summary>
public sealed record ZoneCatalogOptions
{
    /// <summary>Zone load settings (the topology's region names), or null without topology.</summary>
    public ZoneLoadOptions? LoadOptions { get; init; }

    /// <summary>
    /// When a zone's content changed but its SOA serial did not increase (RFC 1982), serve it with
    /// the serial bumped past the one in service instead of only warning (<c>Zones:AutoSerial</c>).
    /// </summary>
    public bool AutoSerial { get; init; } = DefaultAutoSerial;

    /// <summary>A file (or an included file) written less than this long ago is left for a later scan: editors write in several steps.</summary>
    public TimeSpan QuietPeriod { get; init; } = DefaultQuietPeriod;

    /// <summary>The default <see cref="AutoSerial"/>: only warn. The one definition (the configuration's default too).</summary>
    public const bool DefaultAutoSerial = false;

    /// <summary>The default <see cref="QuietPeriod"/>. The one definition (the configuration's default too).</summary>
    public static TimeSpan DefaultQuietPeriod { get; } = TimeSpan.FromMilliseconds(250);
}
