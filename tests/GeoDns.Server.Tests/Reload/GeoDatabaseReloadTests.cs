using System.Text.Json.Nodes;
using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GeoDns.Server.Tests.Reload;

/// <summary>The GeoIP database replaced under the running server (as geoipupdate does: by rename), built by our own writer.</summary>
public sealed class GeoDatabaseReloadTests(ITestOutputHelper output)
{
    private const string Subnet = "198.18.7.0/24";

    [Fact]
    public async Task A_replaced_database_moves_the_client_and_a_truncated_one_is_rejected()
    {
        using var work = new TempDirectory();
        byte[] europe = Build(work, "EU");
        byte[] america = Build(work, "NA");
        var geo = new JsonObject
        {
            ["Database"] = "geo/test.mmdb",
            ["Regions"] = new JsonObject
            {
                ["eu-west"] = new JsonObject { ["Continents"] = new JsonArray("EU") },
                ["us-east"] = new JsonObject { ["Continents"] = new JsonArray("NA") },
                ["ap-south"] = new JsonObject { ["Continents"] = new JsonArray("AS") },
            },
        };
        await using var harness = await ReloadHarness.StartAsync(geo: geo, files: new Dictionary<string, byte[]> { ["geo/test.mmdb"] = europe });
        string database = Path.Combine(harness.Server.Directory.Path, "geo", "test.mmdb");
        Assert.Equal([TwoRegionGeo.EuWest], harness.Addresses(subnet: Subnet));

        ReloadHarness.Replace(database, america);
        var took = await harness.WaitForAnswerAsync(TwoRegionGeo.UsEast, subnet: Subnet);
        output.WriteLine($"database replaced → served in {took.TotalMilliseconds:0} ms");
        Assert.Equal(1, harness.Reload.Status.GeoDatabaseReloads);

        ReloadHarness.Replace(database, europe[..(europe.Length / 2)]);
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.GeoDatabase.Result == "rejected");
        Assert.True(rejected, "the truncated database was never rejected");
        Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses(subnet: Subnet));
        Assert.Equal(1, harness.Reload.Status.GeoDatabaseReloads);
        Assert.Equal(1, harness.Reload.Status.GeoDatabaseReloadFailures);
        Assert.StartsWith("Geo:Database: cannot open 'geo/test.mmdb'", Assert.Single(harness.Reload.Status.LastReport!.GeoDatabase.Messages), StringComparison.Ordinal);
    }

    private static byte[] Build(TempDirectory work, string continent)
    {
        string csv = work.Write($"{continent}.csv", $"network,continent,country,subdivision,lat,lon\n198.18.0.0/16,{continent},,,10,10\n");
        string mmdb = Path.Combine(work.Path, $"{continent}.mmdb");
        Assert.Equal(1, MmdbCsv.Build(csv, mmdb, "GeoDns-Test-City"));
        return File.ReadAllBytes(mmdb);
    }
}
