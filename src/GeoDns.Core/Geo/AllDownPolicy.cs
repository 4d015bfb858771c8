namespace GeoDns.Core.Geo;

public enum AllDownPolicy
{
    /// <summary>Fail open: the first preferred region that defines the RRset (as gdnsd does).</summary>
    First,
    /// <summary>Answer NODATA.</summary>
    NoData,
}
