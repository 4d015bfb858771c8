namespace GeoDns.Server.Tests.Reload;

/// <summary>Versions of the two-region test zone (client 127.0.0.1 prefers us-east).</summary>
internal static class ReloadZones
{
    public const string File = "geo.test.zone";

    /// <summary>The zone with www in us-east = <paramref name="usEast"/> and serial <paramref name="serial"/>.</summary>
    public static string Geo(uint serial, string usEast, string extra = "") => $"""
        $ORIGIN geo.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster {serial} 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        {extra}
        $REGION eu-west
        www 60 IN A 192.0.2.1
        $REGION us-east
        www 60 IN A {usEast}
        $REGION

        """;

    /// <summary>A version with an error on line 7 (the bad address is at column 15).</summary>
    public static string Broken(uint serial) => $"""
        $ORIGIN geo.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster {serial} 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        $REGION eu-west
        www 60 IN A   192.0.2.300
        $REGION us-east
        www 60 IN A 192.0.2.2

        """;
}
