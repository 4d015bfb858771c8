using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>The zones the lookup tables run against.</summary>
internal static class LookupFixtures
{
    public const string ExampleCom = """
        $ORIGIN example.com.
        $TTL 3600
        @         IN SOA   ns1 hostmaster 2026112901 3600 600 1209600 300
        @         IN NS    ns1
        @         IN NS    ns2.example.net.
        @         IN MX    10 mail
        ns1       IN A     192.0.2.53
        ns1       IN AAAA  2001:db8::53
        mail      IN A     192.0.2.25
        www   300 IN A     192.0.2.1
        www   300 IN A     192.0.2.2
        www   300 IN TXT   "web"
        alias     IN CNAME www
        ext       IN CNAME www.example.org.
        chain1    IN CNAME chain2
        chain2    IN CNAME www
        loop1     IN CNAME loop2
        loop2     IN CNAME loop1
        self      IN CNAME self
        tochild   IN CNAME host.child
        todeleg   IN CNAME host.deleg
        tonet     IN CNAME www.example.net.
        nx        IN CNAME nothere
        nodata    IN CNAME mail
        a.b.c     IN A     192.0.2.3
        *.wild    IN A     192.0.2.4
        *.wild    IN TXT   "wild"
        sub.wild  IN TXT   "exists"
        x.ent.wild IN A    192.0.2.5
        *.cn      IN CNAME www
        _sip._tcp IN SRV   0 5 5060 sip
        sip       IN A     192.0.2.60
        deleg     IN NS    ns.deleg
        deleg     IN NS    ns1
        deleg     IN DS    12345 8 2 1111111111111111111111111111111111111111111111111111111111111111
        ns.deleg  IN A     192.0.2.70
        ns.deleg  IN AAAA  2001:db8::70
        nods      IN NS    ns1.nods
        ns1.nods  IN A     192.0.2.80
        child     IN NS    ns.child
        child     IN DS    54321 8 2 5555555555555555555555555555555555555555555555555555555555555555
        ns.child  IN A     192.0.2.90
        dn        IN DNAME example.net.
        dnloop    IN DNAME loop.dnloop.example.com.
        mxnet     IN MX    10 mail.example.net.
        mxcut     IN MX    10 ns.deleg
        mxchild   IN MX    10 ns.child
        mxmany    IN MX    10 mail
        mxmany    IN MX    20 mail
        mxmany    IN MX    30 nothere
        """;

    public const string ChildExampleCom = """
        $ORIGIN child.example.com.
        @         3600 IN SOA ns hostmaster 1 3600 600 1209600 60
        @         3600 IN NS  ns
        ns        3600 IN A   192.0.2.91
        host      3600 IN A   192.0.2.92
        """;

    public const string ExampleNet = """
        $ORIGIN example.net.
        @         7200 IN SOA ns1.example.com. hostmaster.example.com. 7 3600 600 1209600 86400
        @         7200 IN NS  ns1.example.com.
        www       600  IN A   198.51.100.1
        mail      600  IN A   198.51.100.25
        """;

    public static readonly string LongTarget =
        $"{new string('a', 60)}.{new string('b', 60)}.{new string('c', 60)}.{new string('d', 40)}.example.org.";

    public static string LongDname => $"""
        $ORIGIN long.test.
        @    IN SOA ns hostmaster 1 3600 600 1209600 300
        @    IN NS  ns
        ns   IN A   192.0.2.1
        dn   IN DNAME {LongTarget}
        """;

    /// <summary>c0 → c1 → … → c13 → A: longer than the chain bound.</summary>
    public static string LongChain
    {
        get
        {
            var text = new System.Text.StringBuilder("$ORIGIN chain.test.\n$TTL 60\n@ SOA ns hostmaster 1 3600 600 1209600 300\n@ NS ns\nns A 192.0.2.1\n");
            for (int i = 0; i < 14; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i} CNAME c{i + 1}\n");
            text.Append("c14 A 192.0.2.14\n");
            return text.ToString();
        }
    }

    public const string Geo = """
        $ORIGIN geo.example.
        $TTL 3600
        @        IN SOA ns hostmaster 1 3600 600 1209600 300
        @        IN NS  ns
        ns       IN A   192.0.2.53
        www   60 IN A   192.0.2.80
        mail     IN A   192.0.2.25
        @        IN MX  10 mx
        cdn      IN CNAME www
        $REGION eu-west
        www   60 IN A   198.51.100.10
        www   60 IN A   198.51.100.11
        only  60 IN A   198.51.100.20
        mx       IN A   198.51.100.25
        $REGION us-east
        www   60 IN A   203.0.113.10
        only  60 IN A   203.0.113.20
        mx       IN A   203.0.113.25
        cdn      IN CNAME mail
        $REGION
        mx       IN AAAA 2001:db8::25
        """;

    private static ZoneSet? _all;
    private static ZoneSet? _geo;

    public static ZoneSet All => _all ??= TestZones.Load(
        ("example.com.zone", ExampleCom),
        ("child.example.com.zone", ChildExampleCom),
        ("example.net.zone", ExampleNet),
        ("long.test.zone", LongDname),
        ("chain.test.zone", LongChain));

    public static ZoneSet GeoSet => _geo ??= TestZones.Load(("geo.example.zone", Geo));
}
