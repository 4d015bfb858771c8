using System.Text.Json.Nodes;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// A geo zone with www in eu-west (192.0.2.1) and us-east (192.0.2.2), and a topology in which the
/// test client 127.0.0.1 prefers us-east, then eu-west, then ap-south (which defines nothing).
/// </summary>
internal static class TwoRegionGeo
{
    public const string ZoneFile = "geo.test.zone";
    public const string EuWest = "192.0.2.1";
    public const string UsEast = "192.0.2.2";

    public const string Zone = """
        $ORIGIN geo.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster 1 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        $REGION eu-west
        www 60 IN A 192.0.2.1
        $REGION us-east
        www 60 IN A 192.0.2.2
        $REGION
        """;

    public static Dictionary<string, string> Zones() => new() { [ZoneFile] = Zone };

    public static JsonObject Geo(string? allDown = null)
    {
        var geo = new JsonObject
        {
            ["Regions"] = new JsonObject { ["eu-west"] = new JsonObject(), ["us-east"] = new JsonObject(), ["ap-south"] = new JsonObject() },
            ["Networks"] = new JsonObject { ["127.0.0.0/8"] = new JsonArray("us-east", "eu-west", "ap-south") },
        };
        if (allDown is not null) geo["AllDown"] = allDown;
        return geo;
    }
}
