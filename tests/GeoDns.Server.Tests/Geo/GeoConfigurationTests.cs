using GeoDns.Core.Geo;
using GeoDns.Server.Cli;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Geo;

/// <summary>The <c>Geo</c> section: binding (IPv6 CIDR keys included), validation naming the key, exit 2.</summary>
public sealed class GeoConfigurationTests
{
    [Fact]
    public void The_shipped_Geo_section_binds_every_key()
    {
        var configuration = GeoDnsConfiguration.Load(Path.Combine(ConfigurationTests.RepositoryRoot(), "geodns.json"), readEnvironment: false);
        var geo = configuration.Geo.Options;

        Assert.Null(geo.Database);
        Assert.Equal(["ap-south", "eu-west", "us-east"], geo.Regions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([53.35, -6.26], geo.Regions["eu-west"].Location!);
        Assert.Equal(["US", "CA"], geo.Regions["us-east"].Countries);
        Assert.Equal(["AS", "OC"], geo.Regions["ap-south"].Continents);
        // An IPv6 CIDR key contains the configuration path separator ':'; it must survive whole.
        Assert.Equal(["eu-west"], geo.Networks["2001:db8:1::/48"]);
        Assert.Equal(["eu-west", "us-east"], geo.Networks["198.51.100.0/24"]);
        Assert.Equal(6, geo.Networks.Count);
        Assert.Equal(["us-east", "eu-west", "ap-south"], geo.DefaultOrder);
        Assert.Equal(AllDownPolicy.First, geo.AllDown);
        Assert.Equal(3, configuration.Geo.Topology.RegionNames.Count);
        Assert.Empty(configuration.Warnings);
    }

    [Theory]
    [InlineData("first", AllDownPolicy.First)]
    [InlineData("nodata", AllDownPolicy.NoData)]
    [InlineData("NoData", AllDownPolicy.NoData)]
    public void AllDown_accepts_first_and_nodata(string text, AllDownPolicy expected)
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", $$"""{ "Geo": { "AllDown": "{{text}}" } }""");

        Assert.Equal(expected, GeoDnsConfiguration.Load(config, readEnvironment: false).Geo.Options.AllDown);
    }

    [Fact]
    public void A_misspelt_Geo_key_is_a_warning_naming_it()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", """{ "Geo": { "Region": {}, "Regions": { "eu": { "Contintents": [ "EU" ] } } } }""");

        var warnings = GeoDnsConfiguration.Load(config, readEnvironment: false).Warnings;

        Assert.Contains("Geo:Region: unknown key, ignored; did you mean Geo:Regions?", warnings);
        Assert.Contains("Geo:Regions:eu:Contintents: unknown key, ignored; did you mean Geo:Regions:eu:Continents?", warnings);
    }

    public static TheoryData<string, string> InvalidSections => new()
    {
        // Geo JSON, the key the one error line must start with
        { """{ "AllDown": "sometimes" }""", "Geo:AllDown: " },
        { """{ "Regions": { "eu": { "Location": [ 53.35 ] } } }""", "Geo:Regions:eu:Location: " },
        { """{ "Networks": { "10.0.0.0/8": "eu" }, "Regions": { "eu": {} } }""", "Geo:Networks:10.0.0.0/8: " },
        { """{ "Database": "missing.mmdb" }""", "Geo:Database: " },
        { """{ "Regions": { "eu": {} }, "Networks": { "10.0.0.0/33": [ "eu" ] } }""", "Geo:Networks:10.0.0.0/33" },
        { """{ "Regions": { "eu": {} }, "Networks": { "10.0.0.0/8": [ "mars" ] } }""", "Geo:Networks:10.0.0.0/8" },
        { """{ "Regions": { "eu": {} }, "DefaultOrder": [ "mars" ] }""", "Geo:DefaultOrder" },
    };

    [Theory]
    [MemberData(nameof(InvalidSections))]
    public async Task An_invalid_Geo_section_exits_2_with_one_line_naming_the_key(string geo, string key)
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", $$"""{ "Geo": {{geo}} }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("geodns: invalid configuration: " + key, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Regions": { "uk": { "Countries": [ "UK" ] } } }""", "Geo:Regions:uk:Countries: 'UK' is not an ISO 3166-1 country code; did you mean GB?")]
    [InlineData("""{ "Regions": { "eu": {}, "us": {} }, "Networks": { "10.0.0.0/8": [ "ap" ] } }""", "Geo:Networks:10.0.0.0/8: unknown region 'ap' (known regions: eu, us)")]
    public async Task A_bad_country_or_an_unknown_region_in_a_rule_says_what_is_known(string geo, string problem)
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", $$"""{ "Geo": {{geo}} }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: " + problem, error.Trim());
    }

    [Fact]
    public async Task A_rule_with_an_empty_list_says_the_list_is_empty()
    {
        // The configuration system reads [] as the value ''; "'' is not a list of regions" was the message.
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Geo": { "Regions": { "eu": {} }, "Networks": { "10.0.0.0/8": [] } } }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Geo:Networks:10.0.0.0/8: the list of regions is empty; write \"10.0.0.0/8\": [ \"region\", ... ], or remove the rule", error.Trim());
    }

    [Fact]
    public async Task A_network_without_all_four_octets_says_so_instead_of_bits_beyond_the_prefix()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Geo": { "Regions": { "eu": {} }, "Networks": { "198.51.100/24": [ "eu" ] } } }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Geo:Networks:198.51.100/24: '198.51.100' is not a full IPv4 address (write all four octets: 198.51.100.0/24)", error.Trim());
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_exits_2_naming_Geo_Database_and_why()
    {
        using var dir = new TempDirectory();
        dir.Write("geo/broken.mmdb", "this is not a MaxMind DB");
        string config = dir.Write("geodns.json", """{ "Geo": { "Database": "geo/broken.mmdb" } }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.StartsWith("geodns: invalid configuration: Geo:Database: cannot open 'geo/broken.mmdb': ", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_regions_configured_an_unknown_REGION_is_a_check_error_at_its_line()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/geo.test.zone", """
            $ORIGIN geo.test.
            $TTL 1h
            @    IN SOA ns1 hostmaster 1 1h 10m 14d 5m
                 IN NS  ns1
            ns1  IN A   192.0.2.53
            $REGION eu-west
            www  IN A   192.0.2.1
            $REGION mars
            www  IN A   192.0.2.9
            """);
        string config = dir.Write("geodns.json", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} } } }""");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Matches(@"geo\.test\.zone:8:\d+: error: unknown region 'mars'", output);
    }

    [Fact]
    public async Task Check_accepts_the_shipped_configuration_zones_and_policy_tests_and_prints_the_topology()
    {
        string root = ConfigurationTests.RepositoryRoot();

        var (exit, output, error) = await CliRunner.RunAsync("check", "--config", Path.Combine(root, "geodns.json"));

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains("3 regions (", output, StringComparison.Ordinal);
        Assert.Contains("6 CIDR rules", output, StringComparison.Ordinal);
        // The shipped policy tests (zones/example.com.tests) run and pass.
        Assert.True(File.Exists(Path.Combine(root, "zones", "example.com.tests")));
        Assert.Matches(@"example\.com\.tests: [1-9]\d* passed, 0 failed", output);
    }
}
