using GeoDns.Core.Geo;

namespace GeoDns.Core.Tests.Geo;

public sealed class GeoDistanceTests
{
    // Great-circle distances of well-known city pairs (published values, km).
    public static TheoryData<double, double, double, double, double> CityPairs => new()
    {
        { 51.5074, -0.1278, 48.8566, 2.3522, 343.5 },       // London – Paris
        { 40.7128, -74.0060, 34.0522, -118.2437, 3935.7 },  // New York – Los Angeles
        { -33.8688, 151.2093, 35.6762, 139.6503, 7823 },    // Sydney – Tokyo
        { 51.5074, -0.1278, 40.7128, -74.0060, 5570 },      // London – New York
    };

    [Theory]
    [MemberData(nameof(CityPairs))]
    public void KnownCityPairsWithinOnePercent(double lat1, double lon1, double lat2, double lon2, double expectedKm)
    {
        double km = GeoDistance.Kilometres(lat1, lon1, lat2, lon2);
        Assert.InRange(km, expectedKm * 0.99, expectedKm * 1.01);
        Assert.Equal(km, GeoDistance.Kilometres(lat2, lon2, lat1, lon1), 6);
    }

    [Fact]
    public void SamePointIsZeroAndAntipodesAreHalfTheCircumference()
    {
        Assert.Equal(0, GeoDistance.Kilometres(10, 20, 10, 20), 6);
        Assert.Equal(Math.PI * GeoDistance.EarthRadiusKm, GeoDistance.Kilometres(0, 0, 0, 180), 3);
    }
}
