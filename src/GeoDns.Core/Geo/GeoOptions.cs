namespace GeoDns.Core.Geo;

/// <summary>The <c>Geo</c> configuration section (topology). Bound from geodns.json by the server.</summary>
public sealed class GeoOptions
{
    /// <summary>Path of a MaxMind DB (GeoIP2/GeoLite2 City or Country schema); null = no database.</summary>
    public string? Database { get; set; }

    /// <summary>Regions by name. Dictionary order is not significant; region indices follow <see cref="DefaultOrder"/> then name order.</summary>
    public Dictionary<string, RegionOptions> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>CIDR rules: network ("10.0.0.0/8", "2001:db8:1::/48") → preferred regions, best first.</summary>
    public Dictionary<string, string[]> Networks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Order for clients the database does not locate; regions left out follow in name order.</summary>
    public string[] DefaultOrder { get; set; } = [];

    /// <summary>What to answer when no region that defines an RRset is up and there is no region-less RRset.</summary>
    public AllDownPolicy AllDown { get; set; } = AllDownPolicy.First;
}
