using System.Net;
using System.Text.Json.Nodes;
using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Cli;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.Reload;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Geo;

/// <summary>
/// A MaxMind DB without location data (ASN, ISP, Anonymous-IP) is refused, at start and on reload;
/// a Country database (no subdivisions) under regions that list <c>Subdivisions</c> is a warning.
/// </summary>
public sealed class GeoDatabaseKindTests
{
    private const string AsnProblem = "Geo:Database: geo/asn.mmdb is a GeoLite2-ASN database, which has no location data; use a City or Country database";

    [Fact]
    public async Task Check_refuses_an_ASN_database_naming_the_key_the_file_and_its_type()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geo"));
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "geo", "asn.mmdb"), AsnMmdb.Build());
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Geo": { "Database": "geo/asn.mmdb", "Regions": { "eu": { "Continents": [ "EU" ] } } } }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: " + AsnProblem, error.Trim());
    }

    [Fact]
    public void Serve_refuses_it_too_and_so_does_a_database_of_our_own_type_whose_records_are_empty()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geo"));
        File.WriteAllBytes(Path.Combine(dir.Path, "geo", "asn.mmdb"), AsnMmdb.Build());
        var empty = new MmdbWriter();
        empty.Add(IPNetwork.Parse("198.18.0.0/16"), new GeoLocation(null, null, null, null, null));
        empty.Write(Path.Combine(dir.Path, "geo", "empty.mmdb"));

        string asn = dir.Write("asn.json", """{ "Geo": { "Database": "geo/asn.mmdb" } }""");
        string own = dir.Write("own.json", """{ "Geo": { "Database": "geo/empty.mmdb" } }""");

        Assert.Equal(AsnProblem, Assert.Single(Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(asn, readEnvironment: false)).Problems));
        Assert.Equal("Geo:Database: geo/empty.mmdb is a GeoDns-City database, which has no location data; use a City or Country database",
            Assert.Single(Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(own, readEnvironment: false)).Problems));
    }

    [Fact]
    public void A_database_with_coordinates_only_loads()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geo"));
        var writer = new MmdbWriter("Private-Points");
        writer.Add(IPNetwork.Parse("198.18.0.0/16"), new GeoLocation(null, null, null, 52.5, 13.4));
        writer.Write(Path.Combine(dir.Path, "geo", "points.mmdb"));
        string config = dir.Write("geodns.json", """{ "Geo": { "Database": "geo/points.mmdb" } }""");

        Assert.Equal("Private-Points", GeoDnsConfiguration.Load(config, readEnvironment: false).Geo.Database!.DatabaseType);
    }

    [Fact]
    public async Task Subdivisions_over_a_Country_database_are_a_check_warning()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geo"));
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "geo", "country.mmdb"), CountryDatabase());
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """
            { "Geo": { "Database": "geo/country.mmdb", "Regions": {
                "us-west": { "Subdivisions": [ "US-CA" ] }, "us-east": { "Countries": [ "US" ] } } } }
            """);

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("geodns.json: warning: Geo:Regions:us-west:Subdivisions: geo/country.mmdb is a GeoLite2-Country database, which has no subdivision data;", output, StringComparison.Ordinal);
        Assert.DoesNotContain("us-east:Subdivisions", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_City_database_with_subdivisions_gives_no_warning()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "geo"));
        var writer = new MmdbWriter();
        writer.Add(IPNetwork.Parse("198.18.0.0/16"), new GeoLocation("NA", "US", "US-CA", null, null));
        writer.Write(Path.Combine(dir.Path, "geo", "city.mmdb"));
        string config = dir.Write("geodns.json", """{ "Geo": { "Database": "geo/city.mmdb", "Regions": { "us-west": { "Subdivisions": [ "US-CA" ] } } } }""");

        Assert.Empty(GeoDnsConfiguration.Load(config, readEnvironment: false).Warnings);
    }

    [Fact]
    public async Task On_reload_an_ASN_database_is_rejected_and_a_Country_one_is_applied_with_a_warning()
    {
        var geo = new JsonObject
        {
            ["Database"] = "geo/test.mmdb",
            ["Regions"] = new JsonObject
            {
                ["eu-west"] = new JsonObject { ["Continents"] = new JsonArray("EU") },
                ["us-east"] = new JsonObject { ["Subdivisions"] = new JsonArray("US-CA"), ["Continents"] = new JsonArray("NA") },
                ["ap-south"] = new JsonObject { ["Continents"] = new JsonArray("AS") },
            },
        };
        var city = new MmdbWriter("GeoDns-Test-City");
        city.Add(IPNetwork.Parse("198.18.0.0/16"), new GeoLocation("EU", "DE", "DE-BE", null, null));
        await using var harness = await ReloadHarness.StartAsync(geo: geo, files: new Dictionary<string, byte[]> { ["geo/test.mmdb"] = city.Build() });
        string database = Path.Combine(harness.Server.Directory.Path, "geo", "test.mmdb");
        Assert.Equal([TwoRegionGeo.EuWest], harness.Addresses(subnet: "198.18.7.0/24"));

        ReloadHarness.Replace(database, AsnMmdb.Build());
        var (rejected, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.GeoDatabase.Result == "rejected");

        Assert.True(rejected, "the ASN database was never rejected");
        Assert.Equal("Geo:Database: geo/test.mmdb is a GeoLite2-ASN database, which has no location data; use a City or Country database",
            Assert.Single(harness.Reload.Status.LastReport!.GeoDatabase.Messages));
        Assert.Equal([TwoRegionGeo.EuWest], harness.Addresses(subnet: "198.18.7.0/24"));
        Assert.Equal("GeoDns-Test-City", harness.Reload.Status.Geo.Database!.DatabaseType);

        ReloadHarness.Replace(database, CountryDatabase());
        var (applied, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.GeoDatabase.Result == "applied");

        Assert.True(applied, "the Country database was never applied");
        Assert.Contains(harness.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Message.StartsWith("Configuration: Geo:Regions:us-east:Subdivisions: geo/test.mmdb is a GeoLite2-Country database, which has no subdivision data", StringComparison.Ordinal));
    }

    /// <summary>A Country database: continent and country, no subdivisions, no coordinates.</summary>
    private static byte[] CountryDatabase()
    {
        var writer = new MmdbWriter("GeoLite2-Country");
        writer.Add(IPNetwork.Parse("198.18.0.0/16"), new GeoLocation("NA", "US", null, null, null));
        return writer.Build();
    }
}
