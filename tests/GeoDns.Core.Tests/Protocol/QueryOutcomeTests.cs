using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>What QueryProcessor reports in <see cref="QueryScratch.Outcome"/> for the listener to count and log.</summary>
public sealed class QueryOutcomeTests
{
    public sealed record GeoCase(string Name, string? Ecs, string Source, string[] Down, int RCode, string? Region, bool RegionDependent, bool Failover)
    {
        public override string ToString() => $"{Name} ecs={Ecs ?? "-"} from {Source} down=[{string.Join(",", Down)}]";
    }

    public static TheoryData<GeoCase> GeoCases() =>
    [
        new("static.example.com.", null, "127.0.0.1", [], RCode.NoError, null, false, false),
        new("mail.example.com.", "10.1.2.0/24", "127.0.0.1", [], RCode.NoError, null, false, false),
        new("nothing.example.com.", null, "127.0.0.1", [], RCode.NxDomain, null, false, false),
        new("www.example.com.", "10.1.2.0/24", "127.0.0.1", [], RCode.NoError, "eu", true, false),
        new("www.example.com.", null, "10.2.0.9", [], RCode.NoError, "us", true, false),
        // eu preferred but down: another region's RRset (failover).
        new("www.example.com.", "10.1.2.0/24", "127.0.0.1", ["eu"], RCode.NoError, "us", true, true),
        // every region that defines www down: the region-less RRset, still a failover answer.
        new("www.example.com.", "10.1.2.0/24", "127.0.0.1", ["eu", "us"], RCode.NoError, null, true, true),
        // every region down, no region-less RRset: fail open to the first preferred region.
        new("only.example.com.", "10.3.4.0/24", "127.0.0.1", ["eu", "us", "ap"], RCode.NoError, "ap", true, true),
        // the CNAME is region-less, its target is chosen by region: the reply names that region.
        new("alias.example.com.", "10.2.3.0/24", "127.0.0.1", [], RCode.NoError, "us", true, false),
    ];

    [Theory]
    [MemberData(nameof(GeoCases))]
    public void Geo_outcome_names_rcode_region_ecs_and_failover(GeoCase c)
    {
        var geo = new GeoFixture();
        if (c.Down.Length > 0) geo.MarkDown(c.Down);
        var scratch = new QueryScratch();
        var response = new byte[65535];
        int length = geo.Processor.Process(GeoFixture.Query(c.Name, c.Ecs), response, QueryContext.From(Transport.Udp, IPAddress.Parse(c.Source)), scratch);

        QueryOutcome outcome = scratch.Outcome;
        Assert.Equal(length, outcome.ResponseLength);
        Assert.False(outcome.Dropped);
        Assert.Equal(c.RCode, outcome.RCode);
        Assert.Equal(response[3] & 0xF, outcome.RCode);
        Assert.True(outcome.HasQuestion);
        Assert.Equal(RRType.A, outcome.QType);
        Assert.Equal(Wire.Name(c.Name).Length, outcome.QNameLength);
        Assert.Equal(c.Ecs is not null, outcome.HasEcs);
        Assert.Equal(c.RegionDependent, outcome.RegionDependent);
        Assert.Equal(c.Region is null ? -1 : geo.Region(c.Region), outcome.Region);
        Assert.Equal(c.Failover, outcome.Failover);
        Assert.False(outcome.Malformed);
        Assert.False(outcome.Truncated);
    }

    [Fact]
    public void Ecs_is_reported_with_the_scope_that_was_echoed()
    {
        var geo = new GeoFixture();
        var scratch = new QueryScratch();
        var buffer = new byte[65535];
        int length = geo.Processor.Process(GeoFixture.Query("www.example.com.", "10.1.2.0/24"), buffer, new QueryContext(Transport.Udp, 0x7F000001, false), scratch);
        var reply = new ResponseReader(buffer.AsSpan(0, length));
        byte[] option = reply.Opt!.Rdata;
        Assert.Equal(24, scratch.Outcome.Ecs.SourcePrefix);
        Assert.Equal(option[4 + 3], scratch.Outcome.Ecs.ScopePrefix); // option code, length, family, source, then scope
        Assert.True(scratch.Outcome.Ecs.ScopePrefix > 0);
    }

    [Fact]
    public void A_response_is_dropped_and_the_outcome_says_so()
    {
        var harness = new ProcessorHarness();
        harness.RawProcess(new QuerySpec().Build()); // something in the outcome first
        int length = harness.RawProcess(new QuerySpec { Qr = true }.Build());
        Assert.Equal(0, length);
        Assert.True(harness.Scratch.Outcome.Dropped);
        Assert.Equal(-1, harness.Scratch.Outcome.RCode);
    }

    [Fact]
    public void A_query_that_does_not_parse_is_reported_malformed_with_formerr()
    {
        var harness = new ProcessorHarness();
        byte[] query = new QuerySpec().Build();
        query[5] = 2; // QDCOUNT 2, one question present
        int length = harness.RawProcess(query);
        Assert.True(length > 0);
        Assert.True(harness.Scratch.Outcome.Malformed);
        Assert.True(harness.Scratch.Outcome.CloseConnection);
        Assert.Equal(RCode.FormErr, harness.Scratch.Outcome.RCode);

        harness.RawProcess(new QuerySpec().Build(), Transport.Tcp);
        Assert.False(harness.Scratch.Outcome.CloseConnection);
    }

    [Fact]
    public void A_reply_that_does_not_fit_is_reported_truncated()
    {
        byte[] owner = Wire.Name("www.example.com.");
        byte[] rdata = new byte[2 + 512];
        rdata[0] = 0x02; // RDLENGTH 512: two strings of 255 bytes
        rdata[2] = 255;
        rdata[2 + 256] = 255;
        var txt = new RRset(owner, RRType.TXT, RRClass.IN, 60, rdata, 1);
        var harness = new ProcessorHarness(fill: result =>
            ProcessorHarness.Fill(result, LookupOutcome.Answer, true, [ProcessorHarness.Entry(txt)]));
        int length = harness.RawProcess(new QuerySpec { Type = RRType.TXT }.Build());
        Assert.True(length is > 0 and <= 512);
        Assert.True(harness.Scratch.Outcome.Truncated);
        Assert.Equal(RRType.TXT, harness.Scratch.Outcome.QType);
        Assert.Equal(RCode.NoError, harness.Scratch.Outcome.RCode);

        harness.RawProcess(new QuerySpec { Type = RRType.TXT }.Build(), Transport.Tcp);
        Assert.False(harness.Scratch.Outcome.Truncated);
    }

    [Fact]
    public void Badvers_is_reported_as_the_extended_rcode()
    {
        var harness = new ProcessorHarness();
        harness.RawProcess(new QuerySpec { Edns = new EdnsSpec(Version: 1) }.Build());
        Assert.Equal(RCode.BadVers, harness.Scratch.Outcome.RCode);
        Assert.False(harness.Scratch.Outcome.Malformed);
    }
}
