using GeoDns.Core.Protocol;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using static GeoDns.Core.Tests.Zones.MasterFile.ParserTestHelpers;

namespace GeoDns.Core.Tests.Zones.MasterFile;

public sealed class MasterFileParserSyntaxTests
{
    [Fact]
    public void Parses_the_architecture_example()
    {
        const string text = """
            $ORIGIN example.com.
            $TTL 1h
            @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                     IN NS  ns1
            ns1      IN A   192.0.2.53
            www   60 IN A   192.0.2.80        ; no $REGION
            $REGION eu-west
            www   60 IN A   198.51.100.10
            www   60 IN A   198.51.100.11
            $REGION us-east
            www   60 IN A   203.0.113.10
            $REGION
            mail     IN A   192.0.2.25
            """;
        MasterFileParseResult r = ParseClean(text, "whatever.zone");
        Assert.Equal(Wire("example.com."), r.Origin);
        Assert.Equal(8, r.Records.Count);
        Assert.Equal(["eu-west", "us-east"], r.Regions);
        ZoneRecord soa = r.Records[0];
        Assert.Equal(RRType.SOA, soa.Type);
        Assert.Equal(3600u, soa.Ttl);
        Assert.Equal(Hex("036E7331 076578616D706C6503636F6D00 0A686F73746D6173746572 076578616D706C6503636F6D00 78C40785 00000E10 00000258 00127500 0000012C"), soa.Rdata);
        Assert.Same(r.Records[0].Owner, r.Records[1].Owner);
        Assert.Equal(RRType.NS, r.Records[1].Type);
        Assert.Equal(new SourceLocation("whatever.zone", 4, 10), r.Records[1].Location);
        Assert.Equal([null, null, null, null, "eu-west", "eu-west", "us-east", null], r.Records.Select(x => x.Region));
        Assert.Equal([3600u, 3600u, 3600u, 60u, 60u, 60u, 60u, 3600u], r.Records.Select(x => x.Ttl));
        Assert.Equal(Hex("C0000219"), r.Records[7].Rdata);
        Assert.Equal("mail.example.com.", Name(r.Records[7].Owner));
    }
}
