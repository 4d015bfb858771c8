using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Telemetry;
using GeoDns.Core.Tests.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.RateLimiting;

/// <summary>Rate limiting as the query pipeline applies it: last, to UDP replies, dropping or slipping.</summary>
public sealed class QueryProcessorRateLimitTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly QueryProcessor _processor;
    private readonly QueryScratch _scratch = new();
    private readonly byte[] _response = new byte[65535];

    public QueryProcessorRateLimitTests()
    {
        var geo = new GeoFixture();
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 2, Window = 0, Slip = 2 }, _time);
        _processor = new QueryProcessor(geo.Geo, new ProtocolOptions(), limiter);
    }

    private (int Length, ResponseReader? Reply) Ask(string name, Transport transport = Transport.Udp, string client = "192.0.2.1", EdnsSpec? edns = null)
    {
        byte[] query = new QuerySpec { Name = name, Type = RRType.A, Edns = edns }.Build();
        int length = _processor.Process(query, _response, QueryContext.From(transport, IPAddress.Parse(client)), _scratch);
        _scratch.Release();
        return (length, length == 0 ? null : new ResponseReader(_response.AsSpan(0, length)));
    }

    [Fact]
    public void Over_the_rate_replies_are_dropped_and_every_second_one_slips_truncated()
    {
        for (int i = 0; i < 2; i++)
        {
            var (_, reply) = Ask("static.example.com.");
            Assert.Single(reply!.Answer);
            Assert.False(reply.Tc);
            Assert.Equal(RateLimitAction.None, _scratch.Outcome.RateLimit);
        }

        var (dropped, _) = Ask("static.example.com.");
        Assert.Equal(0, dropped);
        Assert.Equal(RateLimitAction.Dropped, _scratch.Outcome.RateLimit);
        Assert.Equal(ResponseClass.Answer, _scratch.Outcome.RateLimitClass);
        Assert.True(_scratch.Outcome.Dropped);

        var (length, slipped) = Ask("static.example.com.", edns: new EdnsSpec());
        Assert.Equal(RateLimitAction.Slipped, _scratch.Outcome.RateLimit);
        Assert.Equal(length, _scratch.Outcome.ResponseLength);
        Assert.True(slipped!.Tc);
        Assert.True(slipped.Aa);
        Assert.Equal(RCode.NoError, slipped.Rcode);
        Assert.Equal(new QuerySpec { Name = "static.example.com." }.QuestionBytes(), slipped.Question);
        Assert.Empty(slipped.Answer);
        Assert.Empty(slipped.Authority);
        Assert.NotNull(slipped.Opt);
        Assert.True(_scratch.Outcome.Truncated);
    }

    [Fact]
    public void Tcp_replies_are_never_limited()
    {
        for (int i = 0; i < 20; i++)
        {
            var (_, reply) = Ask("static.example.com.", Transport.Tcp);
            Assert.Single(reply!.Answer);
            Assert.Equal(RateLimitAction.None, _scratch.Outcome.RateLimit);
        }
        // ...nor counted: the UDP client still has its two.
        Assert.Single(Ask("static.example.com.").Reply!.Answer);
        Assert.Single(Ask("static.example.com.").Reply!.Answer);
    }

    [Fact]
    public void Random_names_under_one_zone_share_the_zones_nxdomain_bucket()
    {
        Assert.NotNull(Ask("a1.example.com.").Reply);
        Assert.NotNull(Ask("b2.example.com.").Reply);
        Ask("c3.example.com.");
        Assert.Equal(RateLimitAction.Dropped, _scratch.Outcome.RateLimit);
        Assert.Equal(ResponseClass.NxDomain, _scratch.Outcome.RateLimitClass);
        // A positive answer is another account.
        Assert.Single(Ask("static.example.com.").Reply!.Answer);
    }

    [Fact]
    public void Another_netblock_is_not_limited_by_this_ones_flood()
    {
        for (int i = 0; i < 10; i++) Ask("static.example.com.");
        Assert.Single(Ask("static.example.com.", client: "198.51.100.7").Reply!.Answer);
    }

    [Fact]
    public void Only_udp_queries_without_a_valid_server_cookie_are_limited()
    {
        var udp = new QueryContext(Transport.Udp, 0x7F000001, false);
        var tcp = new QueryContext(Transport.Tcp, 0x7F000001, false);
        Assert.True(QueryProcessor.IsRateLimited(udp, new ParsedQuery()));
        Assert.False(QueryProcessor.IsRateLimited(udp, new ParsedQuery { ValidServerCookie = true }));
        Assert.False(QueryProcessor.IsRateLimited(tcp, new ParsedQuery()));
    }

    [Fact]
    public void Counters_count_limited_replies_by_action_and_class_and_not_as_unanswered()
    {
        var counters = new QueryCounters(1);
        for (int i = 0; i < 6; i++)
        {
            Ask("static.example.com.");
            counters.Record(Transport.Udp, _scratch.Outcome);
        }
        var counts = counters.Snapshot();
        Assert.Equal(2, counts.RateLimited(RateLimitAction.Dropped, ResponseClass.Answer));
        Assert.Equal(2, counts.RateLimited(RateLimitAction.Slipped, ResponseClass.Answer));
        Assert.Equal(0, counts.RateLimited(RateLimitAction.Dropped, ResponseClass.NxDomain));
        Assert.Equal(0, counts.Dropped(0));
        Assert.Equal(2, counts.Truncated(0));
    }

    [Fact]
    public void Limiting_allocates_nothing()
    {
        byte[] query = new QuerySpec { Name = "static.example.com." }.Build();
        var context = QueryContext.From(Transport.Udp, IPAddress.Parse("192.0.2.1"));
        for (int i = 0; i < 100; i++) _processor.Process(query, _response, context, _scratch);
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) _processor.Process(query, _response, context, _scratch);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }
}
