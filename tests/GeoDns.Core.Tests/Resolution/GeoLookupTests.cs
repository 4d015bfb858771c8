using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>
/// LookupEngine.Lookup with health and the all-down policy where the choice is not the answer itself:
/// region-specific CNAMEs (NoData = the CNAME counts as absent) and additional addresses.
/// Regions (no topology, first appearance): eu 0, us 1. An RRset served in failover (a preferred
/// region defining it is down) carries min(TTL, FailoverTtl), 30 s by default.
/// </summary>
public sealed class GeoLookupTests
{
    private const string ZoneText = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS  ns1
        ns1      IN A   192.0.2.53
        www      IN A   192.0.2.80
        mail     IN A   192.0.2.25
                 IN MX  10 mx
        $REGION eu
        geo      IN CNAME www
        mx       IN A   198.51.100.25
        $REGION us
        geo      IN CNAME mail
        mx       IN A   203.0.113.25
        $REGION
        """;

    private static readonly Lazy<ZoneSet> Zones = new(() =>
    {
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone");
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(["eu", "us"], loaded.Zone!.RegionNames);
        return new ZoneSet([loaded.Zone]);
    });

    private static (LookupResult Result, string[] Answer) Lookup(string name, string type, int[] down, AllDownPolicy policy)
    {
        var result = new LookupResult();
        var regions = new RegionPreference([0, 1], new HealthSnapshot(down), policy);
        LookupEngine.Lookup(Zones.Value, LookupFormatter.Wire(name), LookupFormatter.ParseType(type), in regions, result);
        return (result, LookupFormatter.Section(result, result.Answer, result.AnswerCount));
    }

    public static TheoryData<int[], AllDownPolicy, string[]> CnameCases => new()
    {
        { new int[0], AllDownPolicy.First, new[] { "geo.example.com. 3600 CNAME www.example.com.", "www.example.com. 3600 A 192.0.2.80" } },
        { new[] { 0 }, AllDownPolicy.NoData, new[] { "geo.example.com. 30 CNAME mail.example.com.", "mail.example.com. 3600 A 192.0.2.25" } },
        { new[] { 0, 1 }, AllDownPolicy.First, new[] { "geo.example.com. 30 CNAME www.example.com.", "www.example.com. 3600 A 192.0.2.80" } },
        { new[] { 0, 1 }, AllDownPolicy.NoData, new string[0] },
    };

    [Theory]
    [MemberData(nameof(CnameCases))]
    public void Region_specific_cname_follows_health_and_policy(int[] down, AllDownPolicy policy, string[] expected)
    {
        var (result, answer) = Lookup("geo.example.com.", "A", down, policy);

        Assert.Equal(expected, answer);
        Assert.True(result.RegionDependent);
        Assert.Equal(expected.Length == 0 ? LookupOutcome.NoData : LookupOutcome.Answer, result.Outcome);
        if (expected.Length == 0) Assert.Equal(RRType.SOA, result.Authority[0].Set.Type);
    }

    [Theory]
    [InlineData(new int[0], AllDownPolicy.First, "3600 A 198.51.100.25")]
    [InlineData(new[] { 0 }, AllDownPolicy.First, "30 A 203.0.113.25")]
    [InlineData(new[] { 0, 1 }, AllDownPolicy.First, "30 A 198.51.100.25")]
    [InlineData(new[] { 0, 1 }, AllDownPolicy.NoData, null)]
    public void Additional_addresses_are_chosen_by_region_too(int[] down, AllDownPolicy policy, string? expected)
    {
        var (result, answer) = Lookup("mail.example.com.", "MX", down, policy);

        Assert.Equal(["mail.example.com. 3600 MX 10 mx.example.com."], answer);
        string[] additional = LookupFormatter.Section(result, result.Additional, result.AdditionalCount);
        Assert.Equal(expected is null ? [] : [$"mx.example.com. {expected}"], additional);
        Assert.True(result.RegionDependent);
    }

    [Fact]
    public void Data_without_regions_is_not_region_dependent()
    {
        var (result, answer) = Lookup("www.example.com.", "A", [0, 1], AllDownPolicy.NoData);

        Assert.Equal(["www.example.com. 3600 A 192.0.2.80"], answer);
        Assert.False(result.RegionDependent);
    }
}
