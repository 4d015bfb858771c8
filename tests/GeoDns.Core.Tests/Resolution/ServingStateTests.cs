using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>
/// ServingState publishes zones, topology and health as one snapshot, and health that names its
/// regions follows a topology whose regions were renamed, reordered, added or removed.
/// </summary>
public sealed class ServingStateTests
{
    private static GeoTopology Topology(params string[] order)
    {
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal),
            DefaultOrder = [.. order],
        };
        foreach (string name in order) options.Regions[name] = new RegionOptions();
        return GeoTopology.Build(options, null);
    }

    private static ZoneSet Zones(string origin)
    {
        var loaded = ZoneLoader.LoadText($"$ORIGIN {origin}\n@ 60 IN SOA ns hm 1 1h 10m 14d 5m\n@ 60 IN NS ns\nns 60 IN A 192.0.2.1\n", "z.zone");
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        return new ZoneSet([loaded.Zone!]);
    }

    public static TheoryData<string[], string[], string[], string[]> Alignments => new()
    {
        // health names, down, topology order, expected down in the topology's indices
        { ["us", "eu", "ap"], ["eu"], ["us", "eu", "ap"], ["eu"] },
        { ["us", "eu", "ap"], ["eu"], ["eu", "us", "ap"], ["eu"] },
        { ["us", "eu", "ap"], ["ap", "us"], ["ap", "sa", "us"], ["ap", "us"] },
        { ["us", "eu"], ["eu"], ["us", "ap"], [] },
        { ["us", "eu"], [], ["eu", "us"], [] },
    };

    [Theory]
    [MemberData(nameof(Alignments))]
    public void HealthWithNamesIsRealignedToTheTopologyItIsPublishedWith(string[] healthNames, string[] down, string[] order, string[] expectedDown)
    {
        var health = new HealthSnapshot(down.Select(d => Array.IndexOf(healthNames, d)), 17, healthNames);
        var state = new ServingState(new ServingSnapshot(Topology(healthNames), HealthSnapshot.AllUp));
        state.SetHealth(health);

        var topology = Topology(order);
        state.SetTopology(topology);

        var current = state.Current;
        Assert.Same(topology, current.Topology);
        for (int i = 0; i < topology.RegionNames.Count; i++)
        {
            string name = topology.RegionNames[i];
            Assert.Equal(!expectedDown.Contains(name), current.Health.IsUp(i));
        }
        Assert.Equal(17u, current.Health.FailoverTtl);
        Assert.Equal(expectedDown.Length, current.Health.DownCount);
    }

    [Fact]
    public void HealthPublishedAfterATopologyChangeIsAlignedToo()
    {
        // The monitor still numbers regions the old way when the topology changes first.
        var state = new ServingState(new ServingSnapshot(Topology("us", "eu"), HealthSnapshot.AllUp));
        state.SetTopology(Topology("eu", "us"));
        state.SetHealth(new HealthSnapshot([0], 30, ["us", "eu"]));
        Assert.False(state.Current.Health.IsUp(1));
        Assert.True(state.Current.Health.IsUp(0));
    }

    [Fact]
    public void HealthWithoutNamesIsTakenAsTheTopologysIndices()
    {
        var health = new HealthSnapshot([1]);
        var state = new ServingState(new ServingSnapshot(Topology("us", "eu"), health));
        state.SetTopology(Topology("eu", "us"));
        Assert.Same(health, state.Current.Health);
    }

    [Fact]
    public void TopologyAndZonesArePublishedTogetherAndHealthAndZonesSurviveOtherChanges()
    {
        var state = new ServingState();
        var first = Zones("a.example.");
        Assert.Same(ZoneSet.Empty, state.SetZones(first));
        Assert.Same(first, state.Current.Zones);

        var health = new HealthSnapshot([0], 30, ["x", "y"]);
        state.SetHealth(health);
        Assert.Same(first, state.Current.Zones);

        var second = Zones("b.example.");
        var topology = Topology("y", "x");
        var before = state.Current;
        state.SetTopologyAndZones(topology, second);
        var after = state.Current;
        Assert.NotSame(before, after);
        Assert.Same(topology, after.Topology);
        Assert.Same(second, after.Zones);
        Assert.False(after.Health.IsUp(1)); // "x" moved from index 0 to 1
        Assert.True(after.Health.IsUp(0));

        state.SetTopology(Topology("y", "x"));
        Assert.Same(second, state.Current.Zones);
    }
}
