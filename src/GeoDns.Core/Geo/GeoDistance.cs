namespace GeoDns.Core.Geo;

/// <summary>Great-circle distance on a spherical Earth (haversine formula).</summary>
internal static class GeoDistance
{
    /// <summary>Mean Earth radius in kilometres (IUGG).</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Distance in kilometres between two points given in degrees.</summary>
    public static double Kilometres(double lat1, double lon1, double lat2, double lon2)
    {
        double p1 = DegreesToRadians(lat1);
        double p2 = DegreesToRadians(lat2);
        double dp = p2 - p1;
        double dl = DegreesToRadians(lon2 - lon1);
        double sinDp = Math.Sin(dp / 2);
        double sinDl = Math.Sin(dl / 2);
        double h = (sinDp * sinDp) + (Math.Cos(p1) * Math.Cos(p2) * sinDl * sinDl);
        h = Math.Clamp(h, 0.0, 1.0);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(h));
    }

    private static double DegreesToRadians(double degrees) => degrees * (Math.PI / 180.0);
}
