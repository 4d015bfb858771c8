using GeoDns.Core.Geo;

namespace GeoDns.Core.Tests.Geo;

public sealed class GeoTopologyValidationTests
{
    private static GeoOptions Valid() => new()
    {
        Regions = new(StringComparer.Ordinal)
        {
            ["eu-west"] = new() { Location = [53.35, -6.26], Continents = ["EU", "AF"] },
            ["us-east"] = new() { Location = [39.04, -77.49], Countries = ["US", "CA"], Subdivisions = ["US-VA"] },
            ["ap_south"] = new() { Location = [19.08, 72.88], Continents = ["AS", "OC"] },
        },
        Networks = new(StringComparer.Ordinal)
        {
            ["10.0.0.0/8"] = ["us-east"],
            ["2001:db8:1::/48"] = ["eu-west", "us-east"],
        },
        DefaultOrder = ["us-east", "eu-west"],
    };

    public static TheoryData<string, Action<GeoOptions>> Invalid => new()
    {
        { "Geo:Regions", o => o.Regions[""] = new() },
        { "Geo:Regions:eu west", o => o.Regions["eu west"] = new() },
        { "Geo:Regions:eu.west", o => o.Regions["eu.west"] = new() },
        { "Geo:Regions:eu-west:Location", o => o.Regions["eu-west"].Location = [53.35] },
        { "Geo:Regions:eu-west:Location", o => o.Regions["eu-west"].Location = [91, 0] },
        { "Geo:Regions:eu-west:Location", o => o.Regions["eu-west"].Location = [0, -180.5] },
        { "Geo:Regions:eu-west:Location", o => o.Regions["eu-west"].Location = [double.NaN, 0] },
        { "Geo:Regions:eu-west:Continents", o => o.Regions["eu-west"].Continents = ["EU", "XX"] },
        { "Geo:Regions:eu-west:Continents", o => o.Regions["eu-west"].Continents = ["EU", "EU"] },
        { "Geo:Regions:us-east:Countries", o => o.Regions["us-east"].Countries = ["USA"] },
        { "Geo:Regions:us-east:Countries", o => o.Regions["us-east"].Countries = ["UK"] },
        { "Geo:Regions:us-east:Countries", o => o.Regions["us-east"].Countries = ["QQ"] },
        { "Geo:Regions:us-east:Subdivisions", o => o.Regions["us-east"].Subdivisions = ["UK-ENG"] },
        { "Geo:Regions:us-east:Countries", o => o.Regions["us-east"].Countries = ["U1"] },
        { "Geo:Regions:us-east:Countries", o => o.Regions["us-east"].Countries = ["US", "us"] },
        { "Geo:Regions:us-east:Subdivisions", o => o.Regions["us-east"].Subdivisions = ["CA"] },
        { "Geo:Regions:us-east:Subdivisions", o => o.Regions["us-east"].Subdivisions = ["US_CA"] },
        { "Geo:Regions:us-east:Subdivisions", o => o.Regions["us-east"].Subdivisions = ["US-ABCD"] },
        { "Geo:Networks:10.0.0.0/33", o => o.Networks["10.0.0.0/33"] = ["us-east"] },
        { "Geo:Networks:2001:db8::/129", o => o.Networks["2001:db8::/129"] = ["us-east"] },
        { "Geo:Networks:10.0.0.1/8", o => o.Networks["10.0.0.1/8"] = ["us-east"] },
        { "Geo:Networks:2001:db8::1/64", o => o.Networks["2001:db8::1/64"] = ["us-east"] },
        { "Geo:Networks:10.0.0.0", o => o.Networks["10.0.0.0"] = ["us-east"] },
        { "Geo:Networks:banana/8", o => o.Networks["banana/8"] = ["us-east"] },
        { "Geo:Networks:198.51.100/24", o => o.Networks["198.51.100/24"] = ["us-east"] },
        { "Geo:Networks:10/8", o => o.Networks["10/8"] = ["us-east"] },
        { "Geo:Networks:010.0.0.0/8", o => o.Networks["010.0.0.0/8"] = ["us-east"] },
        { "Geo:Networks:10.0.0.0/-1", o => o.Networks["10.0.0.0/-1"] = ["us-east"] },
        { "Geo:Networks:192.0.2.0/24", o => o.Networks["192.0.2.0/24"] = ["nowhere"] },
        { "Geo:Networks:192.0.2.0/24", o => o.Networks["192.0.2.0/24"] = ["eu-west", "eu-west"] },
        { "Geo:Networks:192.0.2.0/24", o => o.Networks["192.0.2.0/24"] = [] },
        { "Geo:Networks:::ffff:10.0.0.0/104", o => o.Networks["::ffff:10.0.0.0/104"] = ["eu-west"] },
        { "Geo:DefaultOrder", o => o.DefaultOrder = ["us-east", "nowhere"] },
        { "Geo:DefaultOrder", o => o.DefaultOrder = ["us-east", "us-east"] },
    };

    [Theory]
    [InlineData("Countries", "UK", "'UK' is not an ISO 3166-1 country code; did you mean GB?")]
    [InlineData("Countries", "el", "'el' is not an ISO 3166-1 country code; did you mean GR?")]
    [InlineData("Countries", "EU", "'EU' is not an ISO 3166-1 country code; it is a continent code: list it under Continents")]
    [InlineData("Countries", "ZZ", "'ZZ' is not an ISO 3166-1 country code")]
    [InlineData("Subdivisions", "UK-ENG", "'UK-ENG' does not start with an ISO 3166-1 country code (UK is none; did you mean GB-ENG?)")]
    [InlineData("Subdivisions", "XX-01", "'XX-01' does not start with an ISO 3166-1 country code (XX is none)")]
    [InlineData("Continents", "EUR", "'EUR' is not a continent code (AF AN AS EU NA OC SA)")]
    public void ACodeOutsideTheIsoListsSaysSoAndWhatWasMeant(string list, string code, string problem)
    {
        var options = Valid();
        var region = options.Regions["us-east"];
        if (list == "Countries") region.Countries = [code];
        else if (list == "Subdivisions") region.Subdivisions = [code];
        else region.Continents = [code];
        var e = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal($"Geo:Regions:us-east:{list}: {problem}", e.Describe("Geo"));
    }

    [Theory]
    [InlineData("GB")]
    [InlineData("gb")]
    [InlineData("XK")]
    [InlineData("AX")]
    [InlineData("SS")]
    [InlineData("ZW")]
    public void AssignedCodesAndKosovoAreCountries(string code)
    {
        var options = Valid();
        options.Regions["us-east"].Countries = [code];
        options.Regions["us-east"].Subdivisions = [code + "-01"];
        Assert.Equal(3, GeoTopology.Build(options, null).RegionNames.Count);
    }

    [Fact]
    public void TheCountryListHasTheAssignedCodesAndKosovo() => Assert.Equal(250, CountryCodes.Count);

    [Fact]
    public void AnUnknownRegionListsTheKnownOnesLikeTheZoneLoader()
    {
        var options = Valid();
        options.Networks["192.0.2.0/24"] = ["eu-west", "us-west"];
        var rule = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal("Geo:Networks:192.0.2.0/24: unknown region 'us-west' (known regions: ap_south, eu-west, us-east)", rule.Describe("Geo"));

        options = Valid();
        options.DefaultOrder = ["mars"];
        var order = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal("Geo:DefaultOrder: unknown region 'mars' (known regions: ap_south, eu-west, us-east)", order.Describe("Geo"));

        options = new GeoOptions();
        options.Networks["192.0.2.0/24"] = ["eu-west"];
        var none = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal("Geo:Networks:192.0.2.0/24: unknown region 'eu-west' (Geo:Regions is empty)", none.Describe("Geo"));
        Assert.Equal("Networks:192.0.2.0/24: unknown region 'eu-west' (Regions is empty)", none.Message);
    }

    [Theory]
    [InlineData("198.51.100/24", "'198.51.100' is not a full IPv4 address (write all four octets: 198.51.100.0/24)")]
    [InlineData("10/8", "'10' is not a full IPv4 address (write all four octets: 10.0.0.0/8)")]
    [InlineData("192.0.2.010/32", "'192.0.2.010' has an octet with a leading zero, which some software reads as octal (write 192.0.2.10/32)")]
    public void AShortOrOctalLookingIPv4NetworkSaysWhatToWrite(string cidr, string problem)
    {
        // IPAddress.Parse reads "198.51.100" as 198.51.0.100, which used to be reported as "address bits set beyond the prefix".
        var options = Valid();
        options.Networks[cidr] = ["us-east"];
        var e = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal($"Geo:Networks:{cidr}: {problem}", e.Describe("Geo"));
    }

    [Fact]
    public void TheValidOptionsBuild()
    {
        var topology = GeoTopology.Build(Valid(), null);
        Assert.Equal(["us-east", "eu-west", "ap_south"], topology.RegionNames);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void EachProblemNamesItsKey(string key, Action<GeoOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);
        var e = Assert.Throws<GeoConfigException>(() => GeoTopology.Build(options, null));
        Assert.Equal(key, e.KeyIn("Geo"));
        Assert.StartsWith(key + ": ", e.Describe("Geo"), StringComparison.Ordinal);
    }

    [Fact]
    public void LowerCaseCodesAreAccepted()
    {
        var options = Valid();
        options.Regions["eu-west"].Continents = ["eu"];
        options.Regions["us-east"].Countries = ["us"];
        options.Regions["us-east"].Subdivisions = ["us-ca"];
        var db = new FakeGeoDatabase();
        db.Add("198.51.100.0/24", db.AddLocation(new GeoLocation("NA", "US", "US-CA", null, null)));
        var topology = GeoTopology.Build(options, db);
        var explanation = topology.Explain(System.Net.IPAddress.Parse("198.51.100.7"), 32);
        Assert.Equal("subdivision US-CA", explanation.Order[0].Reason);
    }
}
