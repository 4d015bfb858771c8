using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>
/// The TTL of region-specific answers served in failover is min(record TTL, FailoverTtl); any
/// other answer keeps its record TTL. Regions (first appearance): eu 0, us 1, ap 2.
/// </summary>
public sealed class FailoverTtlTests
{
    private const string ZoneText = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS  ns1
        ns1      IN A   192.0.2.53
        www  300 IN A   192.0.2.80
        short 10 IN A   192.0.2.81
        $REGION eu
        www  120 IN A   198.51.100.1
        short 10 IN A   198.51.100.2
        only 600 IN A   198.51.100.3
        $REGION us
        www  240 IN A   203.0.113.1
        $REGION ap
        apex 900 IN A   203.0.113.9
        $REGION
        """;

    private static readonly Lazy<ZoneSet> Zones = new(() =>
    {
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone");
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(["eu", "us", "ap"], loaded.Zone!.RegionNames);
        return new ZoneSet([loaded.Zone]);
    });

    public static TheoryData<string, int[], int[], uint, AllDownPolicy, string> Cases => new()
    {
        // name, preference, down, failover TTL, policy, expected answer
        { "www", [0, 1], [], 30, AllDownPolicy.First, "www.example.com. 120 A 198.51.100.1" },           // no failover
        { "www", [1, 0], [0], 30, AllDownPolicy.First, "www.example.com. 240 A 203.0.113.1" },           // a later region is down: not failover
        { "www", [0, 1], [0], 30, AllDownPolicy.First, "www.example.com. 30 A 203.0.113.1" },            // eu down, us chosen
        { "www", [0, 1], [0], 500, AllDownPolicy.First, "www.example.com. 240 A 203.0.113.1" },          // cap above the record TTL
        { "www", [0, 1], [0, 1], 30, AllDownPolicy.First, "www.example.com. 30 A 192.0.2.80" },          // region-less fallback
        { "www", [0], [0], 45, AllDownPolicy.NoData, "www.example.com. 45 A 192.0.2.80" },               // region-less fallback
        { "www", [2], [2], 30, AllDownPolicy.First, "www.example.com. 300 A 192.0.2.80" },               // ap does not define www: not failover
        { "www", [], [0], 30, AllDownPolicy.First, "www.example.com. 300 A 192.0.2.80" },                // no preference: region-less, not failover
        { "short", [0], [0], 30, AllDownPolicy.First, "short.example.com. 10 A 192.0.2.81" },            // record TTL below the cap
        { "only", [0, 1], [0], 30, AllDownPolicy.First, "only.example.com. 30 A 198.51.100.3" },         // fail open to the down region
        { "only", [1], [], 30, AllDownPolicy.First, "only.example.com. 600 A 198.51.100.3" },            // lowest region, none preferred
        { "apex", [0, 2], [0], 30, AllDownPolicy.First, "apex.example.com. 900 A 203.0.113.9" },         // eu does not define it: not failover
        { "ns1", [0], [0], 30, AllDownPolicy.First, "ns1.example.com. 3600 A 192.0.2.53" },              // data without regions
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answer_ttl_is_capped_only_in_failover(string name, int[] preference, int[] down, uint failoverTtl, AllDownPolicy policy, string expected)
    {
        var result = new LookupResult();
        var regions = new RegionPreference(preference, new HealthSnapshot(down, failoverTtl), policy);

        LookupEngine.Lookup(Zones.Value, LookupFormatter.Wire(name + ".example.com."), RRType.A, in regions, result);

        Assert.Equal(LookupOutcome.Answer, result.Outcome);
        Assert.Equal([expected], LookupFormatter.Section(result, result.Answer, result.AnswerCount));
    }

    [Fact]
    public void Default_failover_ttl_is_30_seconds_and_all_up_has_it_too()
    {
        Assert.Equal(30u, new HealthSnapshot([1]).FailoverTtl);
        Assert.Equal(30u, HealthSnapshot.AllUp.FailoverTtl);
        Assert.Equal(7u, new HealthSnapshot([], 7).FailoverTtl);
    }
}
