using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// Geo answers end to end through QueryProcessor with a real topology: who the client is (ECS or
/// source address), the <c>$REGION</c> RRset chosen, and the ECS option echoed with its scope.
/// </summary>
public sealed class GeoQueryTests
{
    private static string[] Addresses(List<DecodedRecord> records, ushort type = RRType.A) =>
        [.. records.Where(r => r.Type == type).Select(r => new System.Net.IPAddress(r.Rdata).ToString())];

    /// <summary>The ECS option of the reply: (family, source, scope, address bytes); null when absent.</summary>
    private static (ushort Family, int Source, int Scope, byte[] Address)? Ecs(ResponseReader r)
    {
        Assert.NotNull(r.Opt);
        var options = r.OptOptions().Where(o => o.Code == EdnsOptionCode.ClientSubnet).ToList();
        if (options.Count == 0) return null;
        byte[] data = Assert.Single(options).Data;
        return ((ushort)(data[0] << 8 | data[1]), data[2], data[3], data[4..]);
    }

    public static TheoryData<string, string, string, int> EcsCases => new()
    {
        // ECS network, name, expected A record, expected scope
        { "10.1.2.0/24", "www.example.com.", "198.51.100.10", 16 },
        { "10.2.77.0/24", "www.example.com.", "203.0.113.10", 16 },
        { "10.1.2.3/32", "www.example.com.", "198.51.100.10", 16 },
        { "10.3.0.0/20", "only.example.com.", "192.0.2.130", 16 },
        { "10.3.0.0/20", "www.example.com.", "203.0.113.10", 16 }, // ap has no www: next in [ap, us, eu]
        { "2001:db8:1:ab00::/56", "www.example.com.", "198.51.100.10", 48 },
        { "2001:db8:1::1/128", "only.example.com.", "198.51.100.30", 48 },
        { "::ffff:10.2.3.0/120", "www.example.com.", "203.0.113.10", 112 }, // IPv4-mapped: located as 10.2.3.0/24
    };

    [Theory]
    [MemberData(nameof(EcsCases))]
    public void Ecs_client_gets_its_region_and_the_scope_of_the_rule(string network, string name, string expected, int scope)
    {
        var geo = new GeoFixture();

        ResponseReader r = geo.Ask(GeoFixture.Query(name, network));

        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.True(r.Aa);
        Assert.Equal([expected], Addresses(r.Answer));
        byte[] sent = GeoFixture.EcsData(network);
        var ecs = Ecs(r)!.Value;
        Assert.Equal((ushort)(sent[0] << 8 | sent[1]), ecs.Family);
        Assert.Equal(sent[2], ecs.Source);
        Assert.Equal(scope, ecs.Scope);
        Assert.Equal(sent[4..], ecs.Address);
    }

    [Theory]
    [InlineData("static.example.com.", RCode.NoError)]
    [InlineData("mail.example.com.", RCode.NoError)]
    [InlineData("nothere.example.com.", RCode.NxDomain)]
    [InlineData("www.example.com.", RCode.NoError, RRType.TXT)] // NODATA: no region-specific data was placed
    public void Answers_that_do_not_depend_on_the_region_have_scope_0(string name, int rcode, ushort type = RRType.A)
    {
        var geo = new GeoFixture();

        ResponseReader r = geo.Ask(GeoFixture.Query(name, "10.1.2.0/24", type));

        Assert.Equal(rcode, r.Rcode);
        var ecs = Ecs(r)!.Value;
        Assert.Equal(24, ecs.Source);
        Assert.Equal(0, ecs.Scope);
        Assert.Equal(new byte[] { 10, 1, 2 }, ecs.Address);
    }

    [Fact]
    public void Ecs_follows_a_cname_to_a_geo_name()
    {
        var geo = new GeoFixture();

        ResponseReader r = geo.Ask(GeoFixture.Query("alias.example.com.", "10.2.9.0/24"));

        Assert.Equal(2, r.Answer.Count);
        Assert.Equal(RRType.CNAME, r.Answer[0].Type);
        Assert.Equal("www.example.com.", DnsName.ToString(r.Answer[0].Rdata));
        Assert.Equal(["203.0.113.10"], Addresses(r.Answer));
        Assert.Equal(16, Ecs(r)!.Value.Scope);
    }

    [Theory]
    [InlineData("10.1.0.0/24", "198.51.100.20")]
    [InlineData("10.2.0.0/24", "203.0.113.20")]
    public void Wildcard_answers_are_region_specific(string network, string expected)
    {
        var geo = new GeoFixture();

        ResponseReader r = geo.Ask(GeoFixture.Query("host.wild.example.com.", network));

        DecodedRecord answer = Assert.Single(r.Answer);
        Assert.Equal("host.wild.example.com.", answer.OwnerText);
        Assert.Equal([expected], Addresses(r.Answer));
        Assert.Equal(16, Ecs(r)!.Value.Scope);
    }

    [Theory]
    [InlineData("10.1.9.9", "198.51.100.10")]
    [InlineData("10.2.9.9", "203.0.113.10")]
    [InlineData("::ffff:10.1.9.9", "198.51.100.10")]
    [InlineData("2001:db8:1::53", "198.51.100.10")]
    [InlineData("192.0.2.200", "203.0.113.10")] // no rule: DefaultOrder, us first
    public void Without_ecs_the_source_address_is_the_client(string source, string expected)
    {
        var geo = new GeoFixture();

        ResponseReader withEdns = geo.Ask(GeoFixture.Query("www.example.com."), source);
        ResponseReader plain = geo.Ask(new QuerySpec { Name = "www.example.com." }.Build(), source);

        Assert.Equal([expected], Addresses(withEdns.Answer));
        Assert.Null(Ecs(withEdns)); // no ECS in the query, none in the reply
        Assert.Equal([expected], Addresses(plain.Answer));
        Assert.Null(plain.Opt);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "10.1.9.9", "198.51.100.10")]
    [InlineData("0.0.0.0/0", "10.2.9.9", "203.0.113.10")]
    [InlineData("::/0", "10.1.9.9", "198.51.100.10")]
    public void Source_prefix_0_locates_by_the_source_address_and_replies_scope_0(string network, string source, string expected)
    {
        var geo = new GeoFixture();

        ResponseReader r = geo.Ask(GeoFixture.Query("www.example.com.", network), source);

        Assert.Equal([expected], Addresses(r.Answer));
        var ecs = Ecs(r)!.Value;
        Assert.Equal(0, ecs.Source);
        Assert.Equal(0, ecs.Scope);
        Assert.Empty(ecs.Address);
    }

    public static TheoryData<AllDownPolicy, string[], string, string, string?> HealthCases => new()
    {
        // policy, regions down, ECS network, name, expected A (null: NODATA)
        { AllDownPolicy.First, new[] { "eu" }, "10.1.0.0/24", "www.example.com.", "203.0.113.10" },
        { AllDownPolicy.First, new[] { "eu", "us" }, "10.1.0.0/24", "www.example.com.", "192.0.2.80" }, // region-less
        { AllDownPolicy.NoData, new[] { "eu", "us" }, "10.1.0.0/24", "www.example.com.", "192.0.2.80" }, // region-less first
        { AllDownPolicy.First, new[] { "eu" }, "10.1.0.0/24", "only.example.com.", "203.0.113.30" },
        { AllDownPolicy.First, new[] { "eu", "us", "ap" }, "10.1.0.0/24", "only.example.com.", "198.51.100.30" }, // fail open
        { AllDownPolicy.First, new[] { "eu", "us", "ap" }, "10.3.0.0/24", "only.example.com.", "192.0.2.130" },
        { AllDownPolicy.NoData, new[] { "eu", "us", "ap" }, "10.1.0.0/24", "only.example.com.", null },
        { AllDownPolicy.NoData, new[] { "eu", "us" }, "10.1.0.0/24", "only.example.com.", "192.0.2.130" },
        { AllDownPolicy.NoData, new[] { "eu", "us" }, "10.1.0.0/24", "host.wild.example.com.", null },
        { AllDownPolicy.First, new[] { "eu", "us" }, "10.1.0.0/24", "host.wild.example.com.", "198.51.100.20" },
        { AllDownPolicy.First, new[] { "eu" }, "10.1.0.0/24", "alias.example.com.", "203.0.113.10" },
    };

    [Theory]
    [MemberData(nameof(HealthCases))]
    public void Regions_that_are_down_are_skipped_then_the_all_down_policy_applies(AllDownPolicy policy, string[] down, string network, string name, string? expected)
    {
        var geo = new GeoFixture(policy);
        geo.MarkDown(down);

        ResponseReader r = geo.Ask(GeoFixture.Query(name, network));

        Assert.Equal(RCode.NoError, r.Rcode);
        if (expected is null)
        {
            Assert.Empty(r.Answer);
            Assert.Equal(RRType.SOA, Assert.Single(r.Authority).Type);
        }
        else
        {
            Assert.Equal([expected], Addresses(r.Answer));
        }
        Assert.Equal(16, Ecs(r)!.Value.Scope); // the answer still depends on where the client is
    }

    [Fact]
    public void Health_and_topology_swaps_take_effect_on_the_next_query()
    {
        var geo = new GeoFixture();
        byte[] query = GeoFixture.Query("www.example.com.", "10.1.0.0/24");
        Assert.Equal(["198.51.100.10"], Addresses(geo.Ask(query).Answer));

        geo.MarkDown("eu");
        Assert.Equal(["203.0.113.10"], Addresses(geo.Ask(query).Answer));

        geo.Geo.SetHealth(HealthSnapshot.AllUp);
        Assert.Equal(["198.51.100.10"], Addresses(geo.Ask(query).Answer));

        // A topology without the 10.1/16 rule: the client falls to DefaultOrder (us first).
        GeoOptions options = GeoFixture.Options();
        options.Networks.Remove("10.1.0.0/16");
        geo.Geo.SetTopology(GeoTopology.Build(options, null));
        Assert.Equal(["203.0.113.10"], Addresses(geo.Ask(query).Answer));
        Assert.Same(HealthSnapshot.AllUp, geo.Geo.Current.Health);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 24, 8, 10, 1, 2 })] // scope ≠ 0
    [InlineData(new byte[] { 0, 1, 23, 0, 10, 1, 3 })] // bits beyond the source prefix
    [InlineData(new byte[] { 0, 5, 24, 0, 10, 1, 2 })] // unknown family
    public void Invalid_ecs_is_formerr_with_an_opt_but_no_ecs(byte[] data)
    {
        var geo = new GeoFixture();
        byte[] query = new QuerySpec { Name = "www.example.com.", Edns = new EdnsSpec(Options: EdnsSpec.Option(EdnsOptionCode.ClientSubnet, data)) }.Build();

        ResponseReader r = geo.Ask(query);

        Assert.Equal(RCode.FormErr, r.Rcode);
        Assert.Empty(r.Answer);
        Assert.Null(Ecs(r));
    }

    [Fact]
    public void Ecs_is_echoed_on_replies_without_zone_data_too()
    {
        var geo = new GeoFixture();

        ResponseReader refused = geo.Ask(GeoFixture.Query("www.example.org.", "10.1.2.0/24"));

        Assert.Equal(RCode.Refused, refused.Rcode);
        Assert.Equal((ushort)1, Ecs(refused)!.Value.Family);
        Assert.Equal(0, Ecs(refused)!.Value.Scope);
    }

    [Fact]
    public void Truncated_reply_still_carries_the_ecs_option_with_its_scope()
    {
        // The OPT + ECS space is reserved before the sections: an answer too big for 512 bytes
        // sets TC and the reply still ends with the full ECS option.
        var big = Wire.Set("www.example.com.", RRType.TXT, 60,
            Wire.Txt(new string('a', 200)), Wire.Txt(new string('b', 200)), Wire.Txt(new string('c', 200)));
        var geo = new ServingState(new ServingSnapshot(GeoTopology.Build(GeoFixture.Options(), null), HealthSnapshot.AllUp));
        var processor = new QueryProcessor(geo, new ProtocolOptions(), new FakeLookup((_, _, result) =>
        {
            result.Outcome = LookupOutcome.Answer;
            result.Authoritative = true;
            result.RegionDependent = true;
            result.Answer[result.AnswerCount++] = new SectionEntry { Set = big, Ttl = 60 };
        }));
        byte[] query = new QuerySpec
        {
            Name = "www.example.com.",
            Type = RRType.TXT,
            Edns = new EdnsSpec(UdpSize: 512, Options: EdnsSpec.Option(EdnsOptionCode.ClientSubnet, GeoFixture.EcsData("2001:db8:1::1/128"))),
        }.Build();
        var buffer = new byte[65535];

        int length = processor.Process(query, buffer, new QueryContext(Transport.Udp, 0x7F000001, false), new QueryScratch());

        var r = new ResponseReader(buffer.AsSpan(0, length));
        Assert.True(length <= 512);
        Assert.True(r.Tc);
        Assert.Empty(r.Answer);
        var ecs = Ecs(r)!.Value;
        Assert.Equal(48, ecs.Scope);
        Assert.Equal(GeoFixture.EcsData("2001:db8:1::1/128")[4..], ecs.Address);
    }
}
