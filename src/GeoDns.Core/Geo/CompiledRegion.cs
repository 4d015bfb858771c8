namespace GeoDns.Core.Geo;

/// <summary>A validated region with normalized (upper-case) match codes. Load time only.</summary>
internal sealed record CompiledRegion(
    int Index,
    string Name,
    double? Latitude,
    double? Longitude,
    string[] Continents,
    string[] Countries,
    string[] Subdivisions)
{
    public bool HasLocation => Latitude.HasValue && Longitude.HasValue;
}
