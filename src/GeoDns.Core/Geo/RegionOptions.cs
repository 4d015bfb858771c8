namespace GeoDns.Core.Geo;

/// <summary>One region of the topology.</summary>
public sealed class RegionOptions
{
    /// <summary>[latitude, longitude] in degrees; null = no location (never chosen by distance before located regions).</summary>
    public double[]? Location { get; set; }
    public string[] Continents { get; set; } = [];
    public string[] Countries { get; set; } = [];
    /// <summary>ISO 3166-2 codes, e.g. "US-CA".</summary>
    public string[] Subdivisions { get; set; } = [];
}
