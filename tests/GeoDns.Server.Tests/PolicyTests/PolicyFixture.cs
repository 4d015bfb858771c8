using GeoDns.Core.Geo;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;
using GeoDns.Server.PolicyTests;

namespace GeoDns.Server.Tests.PolicyTests;

/// <summary>
/// A zone and topology for the runner tests. Regions: us-east, eu-west, ap-south (DefaultOrder in
/// that order; 127.0.0.1 matches no rule); 198.51.100.0/24 and 2001:db8:1::/48 prefer eu-west,
/// 203.0.113.0/24 prefers ap-south. www is in eu-west and us-east only (no region-less www).
/// </summary>
internal static class PolicyFixture
{
    public const string TestFile = "policy.test.tests";

    public const string Zone = """
        $ORIGIN policy.test.
        $TTL 1h
        @       IN SOA   ns1 hostmaster 1 1h 10m 14d 5m
                IN NS    ns1
                IN MX    10 mail
        ns1     IN A     192.0.2.53
        mail    IN A     192.0.2.25
        static  IN A     192.0.2.10
        static  IN A     192.0.2.11
        v6      IN AAAA  2001:db8::1
        txt     IN TXT   "hello world" "two"
        alias   IN CNAME www
        name    IN CNAME Target.Policy.Test.
        out     IN CNAME www.example.net.
        sub     IN NS    ns.sub
        ns.sub  IN A     192.0.2.99
        old     IN DNAME policy.test.
        $REGION eu-west
        www  60 IN A     198.51.100.10
        www  60 IN AAAA  2001:db8:e::10
        $REGION us-east
        www  60 IN A     203.0.113.10
        $REGION
        """;

    public static GeoTopology Topology { get; } = GeoTopology.Build(new GeoOptions
    {
        Regions = new(StringComparer.Ordinal) { ["eu-west"] = new(), ["us-east"] = new(), ["ap-south"] = new() },
        Networks = new(StringComparer.Ordinal)
        {
            ["198.51.100.0/24"] = ["eu-west", "us-east"],
            ["203.0.113.0/24"] = ["ap-south", "eu-west"],
            ["2001:db8:1::/48"] = ["eu-west"],
        },
        DefaultOrder = ["us-east", "eu-west", "ap-south"],
    }, null);

    public static ZoneSet Zones { get; } = Load();

    /// <summary>Parses <paramref name="tests"/> as a test file and runs it against the fixture.</summary>
    public static PolicyResult Run(string tests, PolicyRunOptions? options = null) =>
        PolicyRunner.Run(PolicyTestFile.Parse(tests, TestFile), Zones, Topology, options ?? PolicyRunOptions.Default);

    private static ZoneSet Load()
    {
        var result = ZoneLoader.LoadText(Zone, "policy.test.zone", new ZoneLoadOptions { Regions = Topology.RegionNames });
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        return new ZoneSet([result.Zone!]);
    }
}
