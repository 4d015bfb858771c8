using ARSoft.Tools.Net.Dns;
using GeoDns.Server.Tests.Reload;

namespace GeoDns.Server.Tests.Metrics;

/// <summary>geodns_zone_reloads_total counts every load of a zone, also after its file was deleted and added again.</summary>
public sealed class ZoneReloadMetricTests
{
    private const string OtherZone = """
        $TTL 1h
        @   IN SOA ns1 hostmaster 1 1h 10m 14d 5m
            IN NS ns1
        ns1 IN A 192.0.2.53
        www IN A 198.51.100.77

        """;

    [Fact]
    public async Task A_zone_file_deleted_and_added_again_counts_both_loads()
    {
        await using var harness = await ReloadHarness.StartAsync();
        harness.ReplaceZone("other.test.zone", OtherZone);
        await harness.WaitForAnswerAsync("198.51.100.77", "www.other.test.");
        var first = await MetricsText.ScrapeAsync(harness.Http);
        Assert.Equal(1, first.Value("geodns_zone_reloads_total", ("zone", "other.test."), ("result", "success")));

        File.Delete(Path.Combine(harness.ZonesDirectory, "other.test.zone"));
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Query("www.other.test.").ReturnCode == ReturnCode.Refused)).Held, "the deleted zone is still served");
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Count == 1)).Held, "the deleted file still has a status");
        await MetricsText.ScrapeAsync(harness.Http);
        harness.ReplaceZone("other.test.zone", OtherZone);
        await harness.WaitForAnswerAsync("198.51.100.77", "www.other.test.");
        Assert.True((await ReloadHarness.WaitAsync(() => harness.Reload.Status.ZoneStatus.Count == 2)).Held, "the added file has no status");

        var second = await MetricsText.ScrapeAsync(harness.Http);
        Assert.Equal(2, second.Value("geodns_zone_reloads_total", ("zone", "other.test."), ("result", "success")));
        Assert.Equal(0, second.Value("geodns_zone_reloads_total", ("zone", "other.test."), ("result", "failure")));
    }
}
