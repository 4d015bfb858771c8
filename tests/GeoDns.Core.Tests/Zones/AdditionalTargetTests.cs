using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Zones;

public sealed class AdditionalTargetTests
{
    public static TheoryData<int, bool, bool> Targets => new()
    {
        { 0, false, false },
        { 0, false, true },
        { 7, false, false },
        { 963_837, false, true },
        { ZoneNode.None, true, false },
        { ZoneNode.None, false, false },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Keeps_node_index_and_flags(int node, bool external, bool required)
    {
        var target = new AdditionalTarget(node, external, required);

        Assert.Equal(node, target.Node);
        Assert.Equal(node != ZoneNode.None, target.HasNode);
        Assert.Equal(external, target.External);
        Assert.Equal(required, target.Required);
    }

    [Fact]
    public void Default_points_at_no_node()
    {
        AdditionalTarget target = default;

        Assert.False(target.HasNode);
        Assert.Equal(ZoneNode.None, target.Node);
        Assert.False(target.External);
        Assert.False(AdditionalTarget.Nothing.HasNode);
        Assert.True(AdditionalTarget.InZoneSet.External);
        Assert.False(AdditionalTarget.InZoneSet.HasNode);
    }
}
