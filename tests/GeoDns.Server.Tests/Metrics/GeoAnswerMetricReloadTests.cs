using System.Text.Json.Nodes;
using GeoDns.Server.Tests.Reload;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Metrics;

/// <summary>
/// geodns_geo_answers_total is counted by region index; a reload that renumbers the regions must not
/// move one region's count to another (nor freeze a region's counter until its new index catches up).
/// </summary>
public sealed class GeoAnswerMetricReloadTests
{
    [Fact]
    public async Task A_region_added_before_the_others_leaves_each_region_its_own_count()
    {
        await using var harness = await ReloadHarness.StartAsync();
        for (int i = 0; i < 3; i++) Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());
        var before = await MetricsText.ScrapeAsync(harness.Http);
        Assert.Equal(3, before.Value("geodns_geo_answers_total", ("region", "us-east"), ("ecs", "no")));
        Assert.Equal(0, before.Value("geodns_geo_answers_total", ("region", "eu-west"), ("ecs", "no")));

        // "aa-first" sorts before every other region: the regions' indices move.
        int indexBefore = IndexOf(harness, "us-east");
        harness.EditConfig(root => root["Geo"]!["Regions"]!["aa-first"] = new JsonObject { ["Location"] = new JsonArray(0.0, 0.0) });
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ConfigReloads == 1)).Held,
            "the configuration was never applied: " + string.Join("; ", harness.Reload.Status.LastReport?.Config.Messages ?? []));
        Assert.NotEqual(indexBefore, IndexOf(harness, "us-east"));
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses());

        var after = await MetricsText.ScrapeAsync(harness.Http);
        Assert.Equal(4, after.Value("geodns_geo_answers_total", ("region", "us-east"), ("ecs", "no")));
        Assert.Equal(0, after.Value("geodns_geo_answers_total", ("region", "eu-west"), ("ecs", "no")));
        Assert.Equal(0, after.Value("geodns_geo_answers_total", ("region", "aa-first"), ("ecs", "no")));
    }

    private static int IndexOf(ReloadHarness harness, string region) =>
        harness.Reload.Status.Geo.Topology.RegionNames.ToList().IndexOf(region);
}
