using System.Diagnostics;
using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Telemetry;
using GeoDns.Core.Tests.Protocol;

namespace GeoDns.Core.Tests.Telemetry;

public sealed class QueryCountersTests
{
    [Fact]
    public void Queries_are_counted_by_protocol_qtype_rcode_region_and_ecs()
    {
        var geo = new GeoFixture();
        var counters = new QueryCounters(stripes: 4);
        var recorder = new QueryRecorder(counters);
        var scratch = new QueryScratch();
        var response = new byte[65535];
        void Send(byte[] query, Transport transport)
        {
            var context = QueryContext.From(transport, IPAddress.Loopback);
            geo.Processor.Process(query, response, context, scratch);
            recorder.Record(query, context, scratch.Outcome);
        }

        for (int i = 0; i < 3; i++) Send(GeoFixture.Query("www.example.com.", "10.1.2.0/24"), Transport.Udp);
        Send(GeoFixture.Query("www.example.com."), Transport.Tcp);
        Send(GeoFixture.Query("nothing.example.com.", type: RRType.AAAA), Transport.Udp);
        Send(GeoFixture.Query("www.example.com.", type: 65280), Transport.Udp);
        Send(new QuerySpec { Qr = true }.Build(), Transport.Udp);

        var counts = counters.Snapshot();
        int a = QTypeLabels.Bucket(RRType.A);
        Assert.Equal(3, counts.Queries(0, a, RCode.NoError));
        Assert.Equal(1, counts.Queries(1, a, RCode.NoError));
        Assert.Equal(1, counts.Queries(0, QTypeLabels.Bucket(RRType.AAAA), RCode.NxDomain));
        Assert.Equal(1, counts.Queries(0, QTypeLabels.Other, RCode.NoError));
        Assert.Equal("other", QTypeLabels.Names[QTypeLabels.Bucket(65280)]);
        Assert.Equal(1, counts.Dropped(0));
        Assert.Equal(0, counts.Dropped(1));
        Assert.Equal(3, counts.Geo(QueryCounters.RegionSlot(geo.Region("eu")), ecs: true));
        // No ECS, source 127.0.0.1: the default order starts with us.
        Assert.Equal(1, counts.Geo(QueryCounters.RegionSlot(geo.Region("us")), ecs: false));
        Assert.True(counts.ResponseBytes(0) > 0);
    }

    [Fact]
    public void Cookies_are_counted_by_protocol_and_kind_and_BADCOOKIE_apart()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var processor = CookieHarness.Processor(new CookieOptions { Secret = new byte[16], RequireValid = true }, time);
        var counters = new QueryCounters(stripes: 2);
        var scratch = new QueryScratch();
        var response = new byte[65535];
        byte[] client = [1, 2, 3, 4, 5, 6, 7, 8];
        void Send(byte[] query, Transport transport)
        {
            processor.Process(query, response, QueryContext.From(transport, IPAddress.Loopback), scratch);
            counters.Record(transport, scratch.Outcome);
        }

        Send(CookieHarness.Query(client), Transport.Udp);                    // client only: BADCOOKIE (required)
        byte[] valid = CookieHarness.CookieOf(new ResponseReader(response.AsSpan(0, scratch.Outcome.ResponseLength)))!;
        Send(CookieHarness.Query(valid), Transport.Udp);                     // valid
        Send(CookieHarness.Query(valid), Transport.Udp);                     // valid
        Send(CookieHarness.Query([.. client, .. new byte[16]]), Transport.Udp); // invalid: BADCOOKIE
        Send(CookieHarness.Query([.. client, .. new byte[16]]), Transport.Tcp); // invalid, answered
        Send(new QuerySpec { Edns = new EdnsSpec() }.Build(), Transport.Udp);  // no cookie: not counted

        var counts = counters.Snapshot();
        Assert.Equal(1, counts.Cookies(0, CookieState.ClientOnly));
        Assert.Equal(2, counts.Cookies(0, CookieState.Valid));
        Assert.Equal(1, counts.Cookies(0, CookieState.Invalid));
        Assert.Equal(1, counts.Cookies(1, CookieState.Invalid));
        Assert.Equal(0, counts.Cookies(1, CookieState.Valid));
        Assert.Equal(2, counts.BadCookie(0));
        Assert.Equal(0, counts.BadCookie(1));
        Assert.Equal(2, counts.Queries(0, QTypeLabels.Bucket(RRType.A), RCode.BadCookie));
    }

    [Fact]
    public void Latency_lands_in_the_first_bucket_whose_bound_it_does_not_exceed()
    {
        var counters = new QueryCounters(stripes: 1);
        long microsecond = Stopwatch.Frequency / 1_000_000;
        counters.RecordLatency(1 * microsecond);   // ≤ 2 µs
        counters.RecordLatency(3 * microsecond);   // ≤ 5 µs
        counters.RecordLatency(5 * microsecond);   // ≤ 5 µs (bounds are inclusive, like Prometheus "le")
        counters.RecordLatency(Stopwatch.Frequency); // 1 s: above every bound

        var counts = counters.Snapshot();
        Assert.Equal(1, counts.LatencyCount(0));
        Assert.Equal(2, counts.LatencyCount(1));
        Assert.Equal(1, counts.LatencyCount(QueryCounters.LatencyBuckets - 1));
        Assert.Equal(8 * microsecond, counts.LatencyTicks(1));
    }

    [Fact]
    public void Recording_a_query_allocates_nothing()
    {
        var geo = new GeoFixture();
        var recorder = new QueryRecorder(new QueryCounters(), new QueryLogQueue(64));
        var scratch = new QueryScratch();
        byte[] query = GeoFixture.Query("www.example.com.", "10.1.2.0/24");
        var context = QueryContext.From(Transport.Udp, IPAddress.Loopback);
        geo.Processor.Process(query, new byte[65535], context, scratch);
        for (int i = 0; i < 100; i++) recorder.Record(query, context, scratch.Outcome);

        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                recorder.Record(query, context, scratch.Outcome);
                recorder.RecordLatency(Stopwatch.GetTimestamp());
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }
}
