using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>End to end: master-file text → ZoneLoader → LookupEngine.Lookup → ResponseWriter, decoded independently and with ARSoft.</summary>
public sealed class QueryPipelineTests
{
    private static readonly string BigTxt = string.Concat(Enumerable.Range(0, 4).Select(i => $"big IN TXT \"{new string((char)('a' + i), 200)}\"\n"));

    private static readonly string ZoneText = $"""
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS  ns1
                 IN NS  ns2
                 IN MX  10 mail
        ns1      IN A   192.0.2.53
        ns2      IN A   192.0.2.54
        mail     IN A   192.0.2.25
        www   60 IN A   192.0.2.80
        www   60 IN A   192.0.2.81
        alias    IN CNAME www
        *.wild   IN A   192.0.2.77
        sub      IN NS  ns.sub
        ns.sub   IN A   192.0.2.99
        dn       IN DNAME example.net.
        d        IN DNAME {new string('t', 60)}.example.net.
        {BigTxt}
        """;

    private static readonly Lazy<QueryProcessor> Processor = new(() =>
    {
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone");
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        return new QueryProcessor(new ServingState(ServingSnapshot.None with { Zones = new ZoneSet([loaded.Zone!]) }), new ProtocolOptions());
    });

    private static ResponseReader Ask(QuerySpec spec, Transport transport = Transport.Udp)
    {
        var buffer = new byte[65535];
        int length = Processor.Value.Process(spec.Build(), buffer, new QueryContext(transport, 0x7F000001, false), new QueryScratch());
        Assert.True(length > 0);
        var reader = new ResponseReader(buffer.AsSpan(0, length));
        ARSoft.Tools.Net.Dns.DnsMessage.Parse(reader.Bytes); // must decode with an independent parser too
        Assert.Equal(spec.QuestionBytes(), reader.Question);
        Assert.Equal(0, Processor.Value.FailureCount);
        return reader;
    }

    [Theory]
    [InlineData(RRType.MAILB)]
    [InlineData(RRType.MAILA)]
    [InlineData(RRType.OPT)]
    [InlineData((ushort)250)] // TSIG
    public void Meta_qtype_at_an_existing_name_is_nodata(ushort qtype)
    {
        // Knot and NSD answer NOERROR with the SOA (no zone holds such records); NOTIMP is for OPCODEs.
        ResponseReader r = Ask(new QuerySpec { Name = "www.example.com.", Type = qtype });
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.True(r.Aa);
        Assert.Empty(r.Answer);
        Assert.Equal(RRType.SOA, Assert.Single(r.Authority).Type);
    }

    [Fact]
    public void Meta_qtype_at_a_missing_name_is_nxdomain()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "nothere.example.com.", Type = RRType.MAILB });
        Assert.Equal(RCode.NxDomain, r.Rcode);
        Assert.Equal(RRType.SOA, Assert.Single(r.Authority).Type);
    }

    [Fact]
    public void A_answer_with_0x20_question()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "WwW.eXaMpLe.CoM." });
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.True(r.Aa);
        Assert.Equal(2, r.Answer.Count);
        Assert.All(r.Answer, a => Assert.Equal(Wire.Name("WwW.eXaMpLe.CoM."), a.Owner));
        Assert.Equal([Wire.A("192.0.2.80"), Wire.A("192.0.2.81")], r.Answer.Select(a => a.Rdata).OrderBy(b => b[3]));
        Assert.All(r.Answer, a => Assert.Equal(60u, a.Ttl));
    }

    [Fact]
    public void Cname_chain_is_followed_and_compressed()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "alias.example.com." });
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.True(r.Aa);
        Assert.Equal(RRType.CNAME, r.Answer[0].Type);
        Assert.Equal(Wire.Name("www.example.com."), r.Answer[0].Rdata);
        Assert.Equal(4 + 2, r.Answer[0].WireRdataLength);
        Assert.Equal(3, r.Answer.Count);
        Assert.All(r.Answer.Skip(1), a => Assert.Equal("www.example.com.", a.OwnerText));
    }

    [Fact]
    public void Mx_answer_carries_the_exchange_address_in_additional()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "example.com.", Type = RRType.MX, Edns = new EdnsSpec() });
        Assert.Equal(Wire.Mx(10, "mail.example.com."), Assert.Single(r.Answer).Rdata);
        Assert.Contains(r.Additional, a => a.Type == RRType.A && a.OwnerText == "mail.example.com.");
        Assert.Equal(RRType.OPT, r.Additional[^1].Type);
    }

    [Fact]
    public void Wildcard_answer_has_the_query_name_as_owner()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "Host.Wild.example.com." });
        DecodedRecord a = Assert.Single(r.Answer);
        Assert.Equal("host.wild.example.com.", a.OwnerText.ToLowerInvariant());
        Assert.Equal(Wire.A("192.0.2.77"), a.Rdata);
    }

    [Fact]
    public void Nxdomain_and_nodata_carry_the_soa()
    {
        ResponseReader nx = Ask(new QuerySpec { Name = "nothing.example.com." });
        Assert.Equal(RCode.NxDomain, nx.Rcode);
        Assert.True(nx.Aa);
        Assert.Empty(nx.Answer);
        Assert.Equal(RRType.SOA, Assert.Single(nx.Authority).Type);

        ResponseReader nodata = Ask(new QuerySpec { Type = RRType.TXT });
        Assert.Equal(RCode.NoError, nodata.Rcode);
        Assert.True(nodata.Aa);
        Assert.Empty(nodata.Answer);
        Assert.Equal(RRType.SOA, Assert.Single(nodata.Authority).Type);
    }

    [Fact]
    public void Referral_is_not_authoritative_and_carries_glue()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "www.sub.example.com." });
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.False(r.Aa);
        Assert.Empty(r.Answer);
        DecodedRecord ns = Assert.Single(r.Authority);
        Assert.Equal(RRType.NS, ns.Type);
        Assert.Equal("sub.example.com.", ns.OwnerText);
        DecodedRecord glue = Assert.Single(r.Additional);
        Assert.Equal("ns.sub.example.com.", glue.OwnerText);
    }

    [Fact]
    public void Dname_answer_has_the_dname_and_a_synthesized_cname()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "x.dn.example.com." });
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.Equal(RRType.DNAME, r.Answer[0].Type);
        Assert.Equal(Wire.Name("example.net."), r.Answer[0].Rdata);
        DecodedRecord cname = r.Answer[1];
        Assert.Equal(RRType.CNAME, cname.Type);
        Assert.Equal("x.dn.example.com.", cname.OwnerText);
        Assert.Equal(Wire.Name("x.example.net."), cname.Rdata);
    }

    [Fact]
    public void Names_outside_our_zones_are_refused()
    {
        ResponseReader r = Ask(new QuerySpec { Name = "www.example.org." });
        Assert.Equal(RCode.Refused, r.Rcode);
        Assert.False(r.Aa);
        Assert.Empty(r.Answer);
    }

    [Fact]
    public void Large_rrset_truncates_over_udp_and_is_whole_over_tcp()
    {
        ResponseReader udp = Ask(new QuerySpec { Name = "big.example.com.", Type = RRType.TXT });
        Assert.True(udp.Tc);
        Assert.Empty(udp.Answer);
        Assert.True(udp.Length <= 512);

        ResponseReader edns = Ask(new QuerySpec { Name = "big.example.com.", Type = RRType.TXT, Edns = new EdnsSpec(4096) });
        Assert.False(edns.Tc);
        Assert.Equal(4, edns.Answer.Count);

        ResponseReader tcp = Ask(new QuerySpec { Name = "big.example.com.", Type = RRType.TXT }, Transport.Tcp);
        Assert.False(tcp.Tc);
        Assert.Equal(4, tcp.Answer.Count);
    }

    [Fact]
    public void Dname_substitution_that_overflows_is_yxdomain_with_the_dname()
    {
        string prefix = string.Join('.', Enumerable.Repeat(new string('p', 50), 4));
        ResponseReader r = Ask(new QuerySpec { Name = prefix + ".d.example.com." });
        Assert.Equal(RCode.YxDomain, r.Rcode);
        Assert.True(r.Aa);
        Assert.Equal(RRType.DNAME, Assert.Single(r.Answer).Type);
    }
}
