using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Resolution;

public sealed class RegionChoiceTests
{
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
        var g = group switch
        {
            "both" => new RRsetGroup(1, Regionless, [null, Region1, null, Region3]),
            "regions-only" => new RRsetGroup(1, null, [null, Region1, null, Region3]),
            _ => new RRsetGroup(1, Regionless, null),
        };
        var result = new LookupResult();

        var chosen = RegionChoice.Choose(g, preference, result);

        Assert.Equal(expectedRegion, chosen.Region);
        Assert.Equal(group != "regionless-only", result.RegionDependent);
    }
}
