using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Resolution;

public sealed class RegionChoiceTests
{
    private const int NoData = int.MinValue; // expected: no RRset (all-down policy NoData)

    private static RRset Set(int region) => new([0], 1, 1, 60, [0, 4, 192, 0, 2, (byte)(region + 10)], 1, region);

    private static readonly RRset Regionless = Set(RRset.NoRegion);
    private static readonly RRset Region1 = Set(1);
    private static readonly RRset Region3 = Set(3);

    public static TheoryData<string, int[], int> Cases => new()
    {
        // group name, preference, expected region of the chosen set (-1: region-less)
        { "both", new int[] { 3, 1 }, 3 },
        { "both", new int[] { 1, 3 }, 1 },
        { "both", new int[] { 0, 2, 1 }, 1 },
        { "both", new int[] { 0, 2 }, RRset.NoRegion },
        { "both", new int[] { -1, 99 }, RRset.NoRegion },
        { "both", new int[0], RRset.NoRegion },
        { "regions-only", new int[] { 3 }, 3 },
        { "regions-only", new int[] { 2 }, 1 },
        { "regions-only", new int[0], 1 },
        { "regionless-only", new int[] { 1, 3 }, RRset.NoRegion },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chooses_first_preferred_then_regionless_then_lowest_region(string group, int[] preference, int expectedRegion)
    {
        var g = Group(group);
        var result = new LookupResult();

        var chosen = RegionChoice.Choose(g, new RegionPreference(preference), result, out _);

        Assert.Equal(expectedRegion, chosen!.Region);
        Assert.Equal(group != "regionless-only", result.RegionDependent);
    }

    public static TheoryData<string, int[], int[], AllDownPolicy, int> HealthCases => new()
    {
        // group, preference, regions down, policy, expected region (-1 region-less, NoData none)
        { "both", new int[] { 3, 1 }, new int[] { 3 }, AllDownPolicy.First, 1 },
        { "both", new int[] { 3, 1 }, new int[] { 3 }, AllDownPolicy.NoData, 1 },
        { "both", new int[] { 3, 1, 0 }, new int[] { 1, 3 }, AllDownPolicy.First, RRset.NoRegion },
        { "both", new int[] { 3, 1, 0 }, new int[] { 1, 3 }, AllDownPolicy.NoData, RRset.NoRegion },
        { "regions-only", new int[] { 0, 3, 1 }, new int[] { 3 }, AllDownPolicy.First, 1 },
        { "regions-only", new int[] { 0, 3, 1 }, new int[] { 1, 3 }, AllDownPolicy.First, 3 },
        { "regions-only", new int[] { 0, 1, 3 }, new int[] { 1, 3 }, AllDownPolicy.First, 1 },
        { "regions-only", new int[] { 0, 3, 1 }, new int[] { 1, 3 }, AllDownPolicy.NoData, NoData },
        { "regions-only", new int[] { 0, 3, 1 }, new int[] { 0 }, AllDownPolicy.NoData, 3 },
        { "regions-only", new int[0], new int[] { 1 }, AllDownPolicy.First, 1 },
        { "regions-only", new int[0], new int[0], AllDownPolicy.NoData, NoData },
        { "regionless-only", new int[] { 1, 3 }, new int[] { 1, 3 }, AllDownPolicy.NoData, RRset.NoRegion },
    };

    [Theory]
    [MemberData(nameof(HealthCases))]
    public void Skips_regions_that_are_down_then_applies_the_all_down_policy(string group, int[] preference, int[] down, AllDownPolicy policy, int expectedRegion)
    {
        var result = new LookupResult();

        var chosen = RegionChoice.Choose(Group(group), new RegionPreference(preference, new HealthSnapshot(down), policy), result, out _);

        Assert.Equal(expectedRegion, chosen?.Region ?? NoData);
    }

    [Fact]
    public void Health_snapshot_reports_only_the_regions_marked_down()
    {
        var health = new HealthSnapshot([2, 5, 2, -1]);
        Assert.Equal(2, health.DownCount);
        Assert.True(health.IsUp(0));
        Assert.False(health.IsUp(2));
        Assert.False(health.IsUp(5));
        Assert.True(health.IsUp(6));
        Assert.True(health.IsUp(-1));
        Assert.True(HealthSnapshot.AllUp.IsUp(0));
        Assert.Equal(0, HealthSnapshot.AllUp.DownCount);
    }

    private static RRsetGroup Group(string name) => name switch
    {
        "both" => new RRsetGroup(1, Regionless, [null, Region1, null, Region3]),
        "regions-only" => new RRsetGroup(1, null, [null, Region1, null, Region3]),
        _ => new RRsetGroup(1, Regionless, null),
    };
}
