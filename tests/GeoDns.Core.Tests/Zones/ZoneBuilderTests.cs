using GeoDns.Core.Dns;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Zones;

public sealed class ZoneBuilderTests
{
    // Lines 1-5; rows append from line 6.
    private const string Base = """
        $ORIGIN example.com.
        $TTL 3600
        @ SOA ns hostmaster 1 3600 600 1209600 300
        @ NS ns
        ns A 192.0.2.1

        """;

    private static readonly Dictionary<string, (string Text, string[] Expected)> ErrorCases = new()
    {
        ["missing SOA"] = ("$ORIGIN example.com.\n$TTL 3600\n@ NS ns\nns A 192.0.2.1\n",
            ["t.zone:1:1: error: no SOA record at the zone apex example.com."]),
        ["missing SOA and NS"] = ("$ORIGIN example.com.\n$TTL 3600\nns A 192.0.2.1\n",
            ["t.zone:1:1: error: no SOA record at the zone apex example.com.", "t.zone:1:1: error: no NS records at the zone apex example.com."]),
        ["nothing at the apex, several names below it"] = ("$ORIGIN example.com.\n$TTL 3600\nns A 192.0.2.1\nwww A 192.0.2.2\nx.y TXT \"z\"\n",
            ["t.zone:1:1: error: no SOA record at the zone apex example.com.", "t.zone:1:1: error: no NS records at the zone apex example.com."]),
        ["two SOA records"] = (Base + "@ SOA ns2 hostmaster 2 3600 600 1209600 300\n",
            ["t.zone:6:1: error: more than one SOA record at the zone apex example.com."]),
        ["SOA not at apex"] = (Base + "sub SOA ns hostmaster 1 3600 600 1209600 300\n",
            ["t.zone:6:1: error: SOA record at sub.example.com. is not at the zone apex example.com."]),
        ["no NS at apex"] = ("$ORIGIN example.com.\n$TTL 3600\n@ SOA ns hostmaster 1 3600 600 1209600 300\nns A 192.0.2.1\n",
            ["t.zone:3:1: error: no NS records at the zone apex example.com."]),
        ["CNAME and other data"] = (Base + "www A 192.0.2.2\nwww CNAME ns\nwww TXT \"x\"\n",
            ["t.zone:7:1: error: www.example.com. has a CNAME and other data (A, TXT); a CNAME must be the only record at its name"]),
        ["CNAME at the apex"] = (Base + "@ CNAME other.example.net.\n",
            ["t.zone:6:1: error: example.com. has a CNAME and other data (SOA, NS); a CNAME must be the only record at its name"]),
        ["two CNAMEs"] = (Base + "www CNAME ns\nwww CNAME mail\n",
            ["t.zone:7:1: error: more than one CNAME record at www.example.com."]),
        ["name outside the origin"] = (Base + "www.example.org. A 192.0.2.9\n",
            ["t.zone:6:1: error: www.example.org. is outside the zone origin example.com."]),
        ["data below a delegation"] = (Base + "sub NS ns.sub\nns.sub A 192.0.2.3\nx.sub TXT \"no\"\nsub MX 10 ns\ndeep.x.sub CNAME ns\n",
            [
                "t.zone:8:1: error: TXT record at x.sub.example.com. is below the delegation point sub.example.com.; only A/AAAA glue may be there",
                "t.zone:9:1: error: MX record at the delegation point sub.example.com. is not allowed; only NS, DS and A/AAAA glue may be there",
                "t.zone:10:1: error: CNAME record at deep.x.sub.example.com. is below the delegation point sub.example.com.; only A/AAAA glue may be there",
            ]),
        ["data below a DNAME"] = (Base + "dn DNAME example.net.\nx.dn A 192.0.2.4\n",
            ["t.zone:7:1: error: A record at x.dn.example.com. is below the DNAME at dn.example.com.; names below a DNAME cannot have records (RFC 6672 section 2.3)"]),
        ["two DNAMEs"] = (Base + "dn DNAME a.example.net.\ndn DNAME b.example.net.\n",
            ["t.zone:7:1: error: more than one DNAME record at dn.example.com."]),
        ["NS at a wildcard"] = (Base + "* NS ns\n",
            ["t.zone:6:1: error: NS records at the wildcard name *.example.com. are not supported"]),
        ["region-specific NS"] = (Base + "$REGION eu\nsub NS ns\n$REGION\n",
            ["t.zone:7:1: error: NS records cannot be region-specific ($REGION)"]),
        ["every problem at once"] = (Base + "www CNAME ns\nwww A 192.0.2.5\nsub SOA ns hostmaster 1 3600 600 1209600 300\nout.example.net. A 192.0.2.6\n",
            [
                "t.zone:6:1: error: www.example.com. has a CNAME and other data (A); a CNAME must be the only record at its name",
                "t.zone:8:1: error: SOA record at sub.example.com. is not at the zone apex example.com.",
                "t.zone:9:1: error: out.example.net. is outside the zone origin example.com.",
            ]),
    };

    public static TheoryData<string> ErrorCaseNames => [.. ErrorCases.Keys];

    [Theory]
    [MemberData(nameof(ErrorCaseNames))]
    public void Zone_level_errors_are_reported_with_location(string caseName)
    {
        var (text, expected) = ErrorCases[caseName];

        var result = ZoneLoader.LoadText(text, "t.zone");

        Assert.Null(result.Zone);
        Assert.False(result.Success);
        Assert.Equal(expected, result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Duplicate_records_are_collapsed_with_a_warning()
    {
        var result = ZoneLoader.LoadText(Base + "www A 192.0.2.1\nwww A 192.0.2.1\nwww A 192.0.2.2\n", "t.zone");

        Assert.True(result.Success);
        Assert.Equal(["t.zone:7:1: warning: duplicate A record at www.example.com. ignored"], result.Diagnostics.Select(d => d.ToString()));
        var www = Assert.Single(result.Zone!.RRsets, s => s.Type == RRType.A && DnsName.ToString(s.Owner) == "www.example.com.");
        Assert.Equal(2, www.Count);
        Assert.Equal(5, result.Zone.RecordCount);
    }

    [Fact]
    public void Duplicate_names_in_rdata_compare_case_insensitively()
    {
        var result = ZoneLoader.LoadText(Base + "sub NS ns.example.net.\nsub NS NS.Example.NET.\n", "t.zone");

        Assert.True(result.Success);
        Assert.Equal(["t.zone:7:1: warning: duplicate NS record at sub.example.com. ignored"], result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void TTL_mismatch_in_an_rrset_warns_and_uses_the_first_ttl()
    {
        var result = ZoneLoader.LoadText(Base + "www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\n", "t.zone");

        Assert.True(result.Success);
        Assert.Equal(
            ["t.zone:7:1: warning: TTL 600 differs from the TTL 300 of the www.example.com. A RRset (line 6); using 300"],
            result.Diagnostics.Select(d => d.ToString()));
        var www = Assert.Single(result.Zone!.RRsets, s => s.Type == RRType.A && DnsName.ToString(s.Owner) == "www.example.com.");
        Assert.Equal(300u, www.Ttl);
    }

    [Fact]
    public void Glue_and_DS_at_a_delegation_are_accepted()
    {
        var result = ZoneLoader.LoadText(
            Base + "sub NS ns.sub\nsub NS ns.other\nsub DS 1 8 2 1111111111111111111111111111111111111111111111111111111111111111\nsub A 192.0.2.7\nns.sub A 192.0.2.3\nns.sub AAAA 2001:db8::3\ndeep.ns.sub A 192.0.2.8\n",
            "t.zone");

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_zone_is_built_with_serial_negative_ttl_and_empty_non_terminals()
    {
        var result = ZoneLoader.LoadText(
            "$ORIGIN example.com.\n@ 7200 SOA ns hostmaster 2026112901 3600 600 1209600 900\n@ 7200 NS ns\nns 7200 A 192.0.2.1\na.b.c 60 A 192.0.2.2\n",
            "t.zone");

        var zone = Assert.IsType<Zone>(result.Zone);
        Assert.Equal("example.com.", zone.Name);
        Assert.Equal(2026112901u, zone.Serial);
        Assert.Equal(900u, zone.NegativeTtl);
        Assert.Equal(4, zone.RecordCount);
        Assert.Equal(["t.zone"], zone.Files);
        // apex, ns, a.b.c and the empty non-terminals b.c and c.
        Assert.Equal(5, zone.NodeCount);
    }

    [Fact]
    public void Known_regions_give_the_numbering()
    {
        var options = new ZoneLoadOptions { Regions = ["us-east", "eu-west"] };

        var result = ZoneLoader.LoadText(Base + "$REGION eu-west\nwww A 192.0.2.10\n$REGION us-east\nwww A 192.0.2.20\n", "t.zone", options);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Equal(["us-east", "eu-west"], result.Zone!.RegionNames);
        var regional = result.Zone.RRsets.Where(s => s.Type == RRType.A && s.Region != RRset.NoRegion).OrderBy(s => s.Region).ToArray();
        Assert.Equal([0, 1], regional.Select(s => s.Region));
        Assert.Equal([192, 0, 2, 20], regional[0].Records[2..]);
    }

    [Fact]
    public void Unknown_region_with_topology_is_an_error()
    {
        var options = new ZoneLoadOptions { Regions = ["us-east"] };

        var result = ZoneLoader.LoadText(Base + "$REGION mars\nwww A 192.0.2.10\n", "t.zone", options);

        Assert.Null(result.Zone);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("t.zone", error.Location.File);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains("mars", error.Message);
    }

    [Fact]
    public void A_parse_error_means_no_zone_but_zone_checks_still_run()
    {
        var result = ZoneLoader.LoadText(Base + "www A not-an-address\nx CNAME ns\nx A 192.0.2.1\n", "t.zone");

        Assert.Null(result.Zone);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Location.Line == 6);
        Assert.Contains(result.Diagnostics, d => d.ToString() == "t.zone:7:1: error: x.example.com. has a CNAME and other data (A); a CNAME must be the only record at its name");
    }
}
