using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Admin;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Metrics;

/// <summary>The GeoIP database's build time is exported as a gauge.</summary>
public sealed class GeoIPBuildMetricTests
{
    [Fact]
    public async Task The_database_build_epoch_is_exported()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("networks.csv", "network,continent,country,subdivision,lat,lon\n198.18.0.0/16,EU,DE,DE-BE,52.52,13.40\n");
        string mmdb = Path.Combine(dir.Path, "test.mmdb");
        MmdbCsv.Build(csv, mmdb, "GeoDns-Test-City");
        long epoch = MmdbDatabase.Open(mmdb).BuildTime.ToUnixTimeSeconds();
        var geo = SampleGeo.Section();
        geo["Database"] = "geo/test.mmdb";
        await using var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: geo,
            files: new Dictionary<string, byte[]> { ["geo/test.mmdb"] = await File.ReadAllBytesAsync(mmdb) });
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };

        var metrics = await MetricsText.ScrapeAsync(http);
        Assert.True(epoch > 0);
        Assert.Equal(epoch, metrics.Value("geodns_geoip_database_build_timestamp_seconds"));
    }
}
