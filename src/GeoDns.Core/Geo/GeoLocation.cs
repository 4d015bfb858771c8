namespace GeoDns.Core.Geo;

/// <summary>
/// What a GeoIP database says about a network (GeoIP2 City/Country schema): continent code
/// ("EU"), country ISO code ("IE"), first subdivision ISO code as ISO 3166-2 ("IE-D", i.e.
/// country + "-" + subdivision code), and coordinates. Load-time data: the query path only sees
/// the small integer <c>locationId</c> that <see cref="IGeoDatabase"/> maps each network to.
/// </summary>
public sealed record GeoLocation(string? Continent, string? Country, string? Subdivision, double? Latitude, double? Longitude);
