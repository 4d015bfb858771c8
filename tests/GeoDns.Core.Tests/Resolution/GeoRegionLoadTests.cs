using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Tests.Protocol;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>Zones loaded with the topology's region list: names are checked, indices are the topology's.</summary>
public sealed class GeoRegionLoadTests
{
    [Fact]
    public void Region_indices_are_the_positions_in_the_topology_region_names()
    {
        GeoTopology topology = GeoTopology.Build(GeoFixture.Options(), null);
        Assert.Equal(["us", "eu", "ap"], topology.RegionNames); // DefaultOrder first

        ZoneLoadResult loaded = ZoneLoader.LoadText(GeoFixture.ZoneText, "example.com.zone", new ZoneLoadOptions { Regions = topology.RegionNames });

        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Zone zone = loaded.Zone!;
        Assert.Equal(topology.RegionNames, zone.RegionNames);
        // The first octet of each regional address tells the region it was written under.
        var expectedRegion = new Dictionary<byte, string> { [198] = "eu", [203] = "us", [192] = "ap" };
        var regional = zone.RRsets.Where(s => s.Region != RRset.NoRegion).ToList();
        Assert.Equal(7, regional.Count);
        foreach (RRset set in regional)
        {
            byte firstOctet = set.Records[2];
            Assert.Equal(expectedRegion[firstOctet], topology.RegionNames[set.Region]);
        }
    }

    [Fact]
    public void Unknown_region_name_is_an_error_at_its_file_and_line()
    {
        GeoTopology topology = GeoTopology.Build(GeoFixture.Options(), null);
        const string text = """
            $ORIGIN example.com.
            $TTL 1h
            @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                     IN NS  ns1
            ns1      IN A   192.0.2.53
            $REGION eu
            www      IN A   198.51.100.10
            $REGION sa-east
            www      IN A   203.0.113.99
            """;

        ZoneLoadResult loaded = ZoneLoader.LoadText(text, "example.com.zone", new ZoneLoadOptions { Regions = topology.RegionNames });

        Assert.False(loaded.Success);
        Diagnostic error = Assert.Single(loaded.Diagnostics, d => d.IsError);
        Assert.Equal("example.com.zone", error.Location.File);
        Assert.Equal(8, error.Location.Line);
        Assert.Contains("sa-east", error.Message);
    }

    [Fact]
    public void Without_a_topology_any_region_name_is_accepted()
    {
        ZoneLoadResult loaded = ZoneLoader.LoadText(GeoFixture.ZoneText, "example.com.zone");

        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(["eu", "us", "ap"], loaded.Zone!.RegionNames); // order of first appearance
    }
}
