using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using static GeoDns.Core.Resolution.LookupOutcome;

namespace GeoDns.Core.Tests.Resolution;

public sealed class LookupTests
{
    private const string EcSoa = "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2026112901 3600 600 1209600 300";
    private const string ChildSoa = "child.example.com. 60 SOA ns.child.example.com. hostmaster.child.example.com. 1 3600 600 1209600 60";
    private const string NetSoa = "example.net. 7200 SOA ns1.example.com. hostmaster.example.com. 7 3600 600 1209600 86400";
    private const string Ec = "example.com.";

    private static readonly string[] Www =
    [
        "www.example.com. 300 A 192.0.2.1",
        "www.example.com. 300 A 192.0.2.2",
    ];

    private static readonly string[] DelegNs =
    [
        "deleg.example.com. 3600 NS ns.deleg.example.com.",
        "deleg.example.com. 3600 NS ns1.example.com.",
    ];

    private static readonly string[] DelegGlue =
    [
        "ns.deleg.example.com. 3600 A 192.0.2.70 [required]",
        "ns.deleg.example.com. 3600 AAAA 2001:db8::70 [required]",
        "ns1.example.com. 3600 A 192.0.2.53",
        "ns1.example.com. 3600 AAAA 2001:db8::53",
    ];

    private static readonly string[] Ns1Addresses =
    [
        "ns1.example.com. 3600 A 192.0.2.53",
        "ns1.example.com. 3600 AAAA 2001:db8::53",
    ];

    private static readonly Dictionary<string, LookupCase> Cases = new()
    {
        // Exact match, negative answers (RFC 2308: SOA TTL = min(TTL, MINIMUM)).
        ["exact"] = new("www.example.com.", "A", Answer, true, Ec, Www),
        ["0x20 mixed case"] = new("WwW.eXaMpLe.CoM.", "A", Answer, true, Ec, Www),
        ["nodata"] = new("www.example.com.", "MX", NoData, true, Ec, [], [EcSoa]),
        ["nxdomain"] = new("nothere.example.com.", "A", NxDomain, true, Ec, [], [EcSoa]),
        ["empty non-terminal is nodata"] = new("b.c.example.com.", "A", NoData, true, Ec, [], [EcSoa]),
        ["below empty non-terminal is nxdomain"] = new("z.b.c.example.com.", "A", NxDomain, true, Ec, [], [EcSoa]),

        // CNAME.
        ["cname followed"] = new("alias.example.com.", "A", Answer, true, Ec, ["alias.example.com. 3600 CNAME www.example.com.", .. Www]),
        ["cname query returns the cname"] = new("alias.example.com.", "CNAME", Answer, true, Ec, ["alias.example.com. 3600 CNAME www.example.com."]),
        ["any at a cname returns the cname"] = new("alias.example.com.", "ANY", Answer, true, Ec, ["alias.example.com. 3600 CNAME www.example.com."]),
        ["cname out of our zones"] = new("ext.example.com.", "A", Answer, true, Ec, ["ext.example.com. 3600 CNAME www.example.org."]),
        ["cname chain"] = new("chain1.example.com.", "A", Answer, true, Ec,
            ["chain1.example.com. 3600 CNAME chain2.example.com.", "chain2.example.com. 3600 CNAME www.example.com.", .. Www]),
        ["cname loop"] = new("loop1.example.com.", "A", Answer, true, Ec,
            ["loop1.example.com. 3600 CNAME loop2.example.com.", "loop2.example.com. 3600 CNAME loop1.example.com."]),
        ["cname to itself"] = new("self.example.com.", "A", Answer, true, Ec, ["self.example.com. 3600 CNAME self.example.com."]),
        ["cname into child zone"] = new("tochild.example.com.", "A", Answer, true, "child.example.com.",
            ["tochild.example.com. 3600 CNAME host.child.example.com.", "host.child.example.com. 3600 A 192.0.2.92"]),
        ["cname into another zone"] = new("tonet.example.com.", "A", Answer, true, "example.net.",
            ["tonet.example.com. 3600 CNAME www.example.net.", "www.example.net. 600 A 198.51.100.1"]),
        ["cname to nxdomain (RFC 6604)"] = new("nx.example.com.", "A", NxDomain, true, Ec, ["nx.example.com. 3600 CNAME nothere.example.com."], [EcSoa]),
        ["cname to nodata"] = new("nodata.example.com.", "MX", NoData, true, Ec, ["nodata.example.com. 3600 CNAME mail.example.com."], [EcSoa]),
        ["cname chain is bounded"] = new("c0.chain.test.", "A", Answer, true, "chain.test.", LongChainAnswer()),
        ["cname chain within the bound"] = new("c3.chain.test.", "A", Answer, true, "chain.test.", LongChainAnswer(3)),
        ["cname to delegated name"] = new("todeleg.example.com.", "A", Referral, true, Ec, ["todeleg.example.com. 3600 CNAME host.deleg.example.com."], DelegNs, DelegGlue),

        // Wildcards (RFC 4592).
        ["wildcard"] = new("foo.wild.example.com.", "A", Answer, true, Ec, ["foo.wild.example.com. 3600 A 192.0.2.4"]),
        ["wildcard two labels deep"] = new("a.b.wild.example.com.", "A", Answer, true, Ec, ["a.b.wild.example.com. 3600 A 192.0.2.4"]),
        ["wildcard mixed case"] = new("FOO.Wild.example.COM.", "TXT", Answer, true, Ec, ["foo.wild.example.com. 3600 TXT \"wild\""]),
        ["wildcard nodata"] = new("foo.wild.example.com.", "MX", NoData, true, Ec, [], [EcSoa]),
        ["existing name blocks wildcard"] = new("sub.wild.example.com.", "A", NoData, true, Ec, [], [EcSoa]),
        ["empty non-terminal blocks wildcard"] = new("ent.wild.example.com.", "A", NoData, true, Ec, [], [EcSoa]),
        ["no wildcard under an empty non-terminal"] = new("y.ent.wild.example.com.", "A", NxDomain, true, Ec, [], [EcSoa]),
        ["wildcard cname query"] = new("foo.cn.example.com.", "CNAME", Answer, true, Ec, ["foo.cn.example.com. 3600 CNAME www.example.com."]),
        ["wildcard any"] = new("foo.wild.example.com.", "ANY", Answer, true, Ec, ["foo.wild.example.com. 3600 A 192.0.2.4"]),
        ["wildcard name itself"] = new("*.wild.example.com.", "A", Answer, true, Ec, ["*.wild.example.com. 3600 A 192.0.2.4"]),
        ["wildcard cname"] = new("foo.cn.example.com.", "A", Answer, true, Ec, ["foo.cn.example.com. 3600 CNAME www.example.com.", .. Www]),

        // Delegations.
        ["referral below cut"] = new("host.deleg.example.com.", "A", Referral, false, Ec, [], DelegNs, DelegGlue),
        ["referral at cut"] = new("deleg.example.com.", "A", Referral, false, Ec, [], DelegNs, DelegGlue),
        ["referral for NS at cut"] = new("deleg.example.com.", "NS", Referral, false, Ec, [], DelegNs, DelegGlue),
        ["referral for the glue name"] = new("ns.deleg.example.com.", "A", Referral, false, Ec, [], DelegNs, DelegGlue),
        ["ds at cut from parent"] = new("deleg.example.com.", "DS", Answer, true, Ec, ["deleg.example.com. 3600 DS 12345 8 2 1111111111111111111111111111111111111111111111111111111111111111"]),
        ["ds at cut without ds"] = new("nods.example.com.", "DS", NoData, true, Ec, [], [EcSoa]),
        ["ds below cut is a referral"] = new("x.deleg.example.com.", "DS", Referral, false, Ec, [], DelegNs, DelegGlue),
        ["glue below cut"] = new("www.nods.example.com.", "A", Referral, false, Ec, [],
            ["nods.example.com. 3600 NS ns1.nods.example.com."], ["ns1.nods.example.com. 3600 A 192.0.2.80 [required]"]),

        // Parent and child both served: the child wins, except DS at its apex.
        ["child zone wins"] = new("host.child.example.com.", "A", Answer, true, "child.example.com.", ["host.child.example.com. 3600 A 192.0.2.92"]),
        ["child apex nodata"] = new("child.example.com.", "A", NoData, true, "child.example.com.", [], [ChildSoa]),
        ["child apex NS"] = new("child.example.com.", "NS", Answer, true, "child.example.com.",
            ["child.example.com. 3600 NS ns.child.example.com."], [], ["ns.child.example.com. 3600 A 192.0.2.91"]),
        ["child nxdomain"] = new("nothere.child.example.com.", "A", NxDomain, true, "child.example.com.", [], [ChildSoa]),
        ["ds at child apex from parent"] = new("child.example.com.", "DS", Answer, true, Ec, ["child.example.com. 3600 DS 54321 8 2 5555555555555555555555555555555555555555555555555555555555555555"]),

        // DNAME (RFC 6672).
        ["dname"] = new("www.dn.example.com.", "A", Answer, true, "example.net.",
            ["dn.example.com. 3600 DNAME example.net.", "www.dn.example.com. 3600 CNAME www.example.net.", "www.example.net. 600 A 198.51.100.1"]),
        ["dname mixed case"] = new("WWW.DN.example.com.", "A", Answer, true, "example.net.",
            ["dn.example.com. 3600 DNAME example.net.", "www.dn.example.com. 3600 CNAME www.example.net.", "www.example.net. 600 A 198.51.100.1"]),
        ["dname to nxdomain"] = new("nope.dn.example.com.", "A", NxDomain, true, "example.net.",
            ["dn.example.com. 3600 DNAME example.net.", "nope.dn.example.com. 3600 CNAME nope.example.net."], [NetSoa]),
        ["dname owner dname query"] = new("dn.example.com.", "DNAME", Answer, true, Ec, ["dn.example.com. 3600 DNAME example.net."]),
        ["dname owner other type"] = new("dn.example.com.", "A", NoData, true, Ec, [], [EcSoa]),
        ["dname cname query not followed"] = new("www.dn.example.com.", "CNAME", Answer, true, Ec,
            ["dn.example.com. 3600 DNAME example.net.", "www.dn.example.com. 3600 CNAME www.example.net."]),
        ["dname result fits"] = new("a.dn.long.test.", "A", Answer, true, "long.test.",
            [$"dn.long.test. 300 DNAME {LookupFixtures.LongTarget}", $"a.dn.long.test. 300 CNAME a.{LookupFixtures.LongTarget}"]),
        ["dname result too long is yxdomain"] = new($"{new string('x', 63)}.dn.long.test.", "A", YxDomain, true, "long.test.",
            [$"dn.long.test. 300 DNAME {LookupFixtures.LongTarget}"]),
        ["dname loop is bounded"] = new("a.dnloop.example.com.", "A", Answer, true, Ec, DnameLoop()),

        // Additional section.
        ["mx additional"] = new("example.com.", "MX", Answer, true, Ec, ["example.com. 3600 MX 10 mail.example.com."], [], ["mail.example.com. 3600 A 192.0.2.25"]),
        ["mx target in another zone"] = new("mxnet.example.com.", "MX", Answer, true, Ec,
            ["mxnet.example.com. 3600 MX 10 mail.example.net."], [], ["mail.example.net. 600 A 198.51.100.25"]),
        ["mx target below a cut has no additional"] = new("mxcut.example.com.", "MX", Answer, true, Ec, ["mxcut.example.com. 3600 MX 10 ns.deleg.example.com."]),
        ["mx target in a served child zone"] = new("mxchild.example.com.", "MX", Answer, true, Ec,
            ["mxchild.example.com. 3600 MX 10 ns.child.example.com."], [], ["ns.child.example.com. 3600 A 192.0.2.91"]),
        ["mx targets added once"] = new("mxmany.example.com.", "MX", Answer, true, Ec,
            ["mxmany.example.com. 3600 MX 10 mail.example.com.", "mxmany.example.com. 3600 MX 20 mail.example.com.", "mxmany.example.com. 3600 MX 30 nothere.example.com."],
            [], ["mail.example.com. 3600 A 192.0.2.25"]),
        ["srv additional"] = new("_sip._tcp.example.com.", "SRV", Answer, true, Ec,
            ["_sip._tcp.example.com. 3600 SRV 0 5 5060 sip.example.com."], [], ["sip.example.com. 3600 A 192.0.2.60"]),
        ["ns additional"] = new("example.com.", "NS", Answer, true, Ec,
            ["example.com. 3600 NS ns1.example.com.", "example.com. 3600 NS ns2.example.net."], [], Ns1Addresses),

        // ANY (RFC 8482): one RRset, the lowest type number.
        ["any picks one rrset"] = new("www.example.com.", "ANY", Answer, true, Ec, Www),
        ["any at apex"] = new("example.com.", "ANY", Answer, true, Ec,
            ["example.com. 3600 NS ns1.example.com.", "example.com. 3600 NS ns2.example.net."], [], Ns1Addresses),
        ["any at empty non-terminal"] = new("c.example.com.", "ANY", NoData, true, Ec, [], [EcSoa]),
        ["any nxdomain"] = new("nothere.example.com.", "ANY", NxDomain, true, Ec, [], [EcSoa]),

        // Not ours.
        ["refused"] = new("www.example.org.", "A", Refused, false, null, []),
        ["refused tld"] = new("com.", "A", Refused, false, null, []),
        ["refused root"] = new(".", "NS", Refused, false, null, []),

        // $REGION choice: eu-west = 0, us-east = 1 (order of first appearance).
        ["geo no preference gets region-less"] = new("www.geo.example.", "A", Answer, true, "geo.example.", ["www.geo.example. 60 A 192.0.2.80"])
            { Geo = true, RegionDependent = true },
        ["geo first preferred region"] = new("www.geo.example.", "A", Answer, true, "geo.example.",
            ["www.geo.example. 60 A 198.51.100.10", "www.geo.example. 60 A 198.51.100.11"]) { Geo = true, Preference = [0, 1], RegionDependent = true },
        ["geo preference order"] = new("www.geo.example.", "A", Answer, true, "geo.example.", ["www.geo.example. 60 A 203.0.113.10"])
            { Geo = true, Preference = [1, 0], RegionDependent = true },
        ["geo unknown region falls back to region-less"] = new("www.geo.example.", "A", Answer, true, "geo.example.", ["www.geo.example. 60 A 192.0.2.80"])
            { Geo = true, Preference = [7], RegionDependent = true },
        ["geo fail open to lowest region"] = new("only.geo.example.", "A", Answer, true, "geo.example.", ["only.geo.example. 60 A 198.51.100.20"])
            { Geo = true, RegionDependent = true },
        ["geo region without region-less"] = new("only.geo.example.", "A", Answer, true, "geo.example.", ["only.geo.example. 60 A 203.0.113.20"])
            { Geo = true, Preference = [1], RegionDependent = true },
        ["geo region-less only ignores preference"] = new("mail.geo.example.", "A", Answer, true, "geo.example.", ["mail.geo.example. 3600 A 192.0.2.25"])
            { Geo = true, Preference = [1, 0] },
        ["geo region cname"] = new("cdn.geo.example.", "A", Answer, true, "geo.example.",
            ["cdn.geo.example. 3600 CNAME mail.geo.example.", "mail.geo.example. 3600 A 192.0.2.25"]) { Geo = true, Preference = [1], RegionDependent = true },
        ["geo region-less cname then region A"] = new("cdn.geo.example.", "A", Answer, true, "geo.example.",
            ["cdn.geo.example. 3600 CNAME www.geo.example.", "www.geo.example. 60 A 198.51.100.10", "www.geo.example. 60 A 198.51.100.11"])
            { Geo = true, Preference = [0], RegionDependent = true },
        ["geo additional by region"] = new("geo.example.", "MX", Answer, true, "geo.example.",
            ["geo.example. 3600 MX 10 mx.geo.example."], [], ["mx.geo.example. 3600 A 203.0.113.25", "mx.geo.example. 3600 AAAA 2001:db8::25"])
            { Geo = true, Preference = [1], RegionDependent = true },
        ["geo nodata"] = new("www.geo.example.", "MX", NoData, true, "geo.example.", [], ["geo.example. 300 SOA ns.geo.example. hostmaster.geo.example. 1 3600 600 1209600 300"])
            { Geo = true, Preference = [0] },
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Lookup_follows_the_rules(string caseName)
    {
        var row = Cases[caseName];
        var zones = row.Geo ? LookupFixtures.GeoSet : LookupFixtures.All;
        var result = new LookupResult();

        LookupEngine.Lookup(zones, LookupFormatter.Wire(row.QName), LookupFormatter.ParseType(row.QType), row.Preference, result);

        Assert.Equal(row.Outcome, result.Outcome);
        Assert.Equal(row.Authoritative, result.Authoritative);
        Assert.Equal(row.Zone, result.Zone?.Name);
        Assert.Equal(row.Answer, LookupFormatter.Section(result, result.Answer, result.AnswerCount));
        Assert.Equal(row.Authority ?? [], LookupFormatter.Section(result, result.Authority, result.AuthorityCount));
        Assert.Equal(row.Additional ?? [], LookupFormatter.Section(result, result.Additional, result.AdditionalCount));
        Assert.Equal(row.RegionDependent, result.RegionDependent);
    }

    [Fact]
    public void Reset_result_gives_the_same_answer_again()
    {
        var result = new LookupResult();
        var zones = LookupFixtures.All;
        LookupEngine.Lookup(zones, LookupFormatter.Wire("www.dn.example.com."), LookupFormatter.ParseType("A"), [], result);
        result.Reset();
        LookupEngine.Lookup(zones, LookupFormatter.Wire("host.deleg.example.com."), LookupFormatter.ParseType("A"), [], result);

        Assert.Equal(Referral, result.Outcome);
        Assert.Empty(LookupFormatter.Section(result, result.Answer, result.AnswerCount));
        Assert.Equal(DelegNs, LookupFormatter.Section(result, result.Authority, result.AuthorityCount));
    }

    [Theory]
    [InlineData("www.example.com.")]
    [InlineData(".")]
    public void Empty_zone_set_refuses(string name)
    {
        var result = new LookupResult();

        LookupEngine.Lookup(ZoneSet.Empty, LookupFormatter.Wire(name), LookupFormatter.ParseType("A"), [], result);

        Assert.Equal(Refused, result.Outcome);
        Assert.False(result.Authoritative);
        Assert.Null(ZoneSet.Empty.FindZone(LookupFormatter.Wire(name)));
    }

    [Fact]
    public void Malformed_name_is_refused()
    {
        var result = new LookupResult();

        LookupEngine.Lookup(LookupFixtures.All, [3, (byte)'w', (byte)'w'], LookupFormatter.ParseType("A"), [], result);

        Assert.Equal(Refused, result.Outcome);
    }

    [Fact]
    public void Concurrent_lookups_on_one_snapshot_agree()
    {
        var zones = LookupFixtures.All;
        string[] names = ["www.example.com.", "alias.example.com.", "foo.wild.example.com.", "host.deleg.example.com.", "www.dn.example.com.", "nothere.example.com."];
        var expected = names.Select(n => Describe(zones, n)).ToArray();

        var mismatches = 0;
        Parallel.For(0, 4000, i =>
        {
            int k = i % names.Length;
            if (Describe(zones, names[k]) != expected[k]) Interlocked.Increment(ref mismatches);
        });

        Assert.Equal(0, mismatches);

        static string Describe(ZoneSet zones, string name)
        {
            var result = new LookupResult();
            LookupEngine.Lookup(zones, LookupFormatter.Wire(name), LookupFormatter.ParseType("A"), [], result);
            return $"{result.Outcome} {string.Join("|", LookupFormatter.Section(result, result.Answer, result.AnswerCount))} {string.Join("|", LookupFormatter.Section(result, result.Authority, result.AuthorityCount))}";
        }
    }

    [Fact]
    public void Regions_are_numbered_in_order_of_first_appearance()
    {
        var zone = Assert.Single(LookupFixtures.GeoSet.Zones);
        Assert.Equal(["eu-west", "us-east"], zone.RegionNames);
    }

    [Fact]
    public void FindZone_returns_the_most_specific_zone_in_any_case()
    {
        var zones = LookupFixtures.All;
        Assert.Equal("child.example.com.", zones.FindZone(LookupFormatter.Wire("A.Host.CHILD.example.com."))?.Name);
        Assert.Equal("example.com.", zones.FindZone(LookupFormatter.Wire("www.EXAMPLE.com."))?.Name);
        Assert.Null(zones.FindZone(LookupFormatter.Wire("example.org.")));
    }

    private static string[] LongChainAnswer(int start = 0)
    {
        var lines = new List<string>();
        for (int i = start; i < 14 && lines.Count < LookupEngine.MaxChainLength; i++)
        {
            lines.Add($"c{i}.chain.test. 60 CNAME c{i + 1}.chain.test.");
        }
        if (lines.Count < LookupEngine.MaxChainLength) lines.Add("c14.chain.test. 60 A 192.0.2.14");
        return [.. lines];
    }

    private static string[] DnameLoop()
    {
        var lines = new List<string> { "dnloop.example.com. 3600 DNAME loop.dnloop.example.com." };
        string owner = "a.dnloop.example.com.";
        for (int i = 0; i < LookupEngine.MaxChainLength; i++)
        {
            string target = owner[..^"dnloop.example.com.".Length] + "loop.dnloop.example.com.";
            lines.Add($"{owner} 3600 CNAME {target}");
            owner = target;
        }
        return [.. lines];
    }
}
