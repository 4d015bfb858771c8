using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Telemetry;
using GeoDns.Core.Tests.Protocol;

namespace GeoDns.Core.Tests.Telemetry;

public sealed class QueryLogQueueTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(8192, 8192)]
    [InlineData(5000, 8192)]
    public void Capacity_is_rounded_up_to_a_power_of_two(int asked, int capacity) =>
        Assert.Equal(capacity, new QueryLogQueue(asked).Capacity);

    [Fact]
    public void Entries_come_out_in_order_with_their_values_and_qname()
    {
        var (geo, scratch, context) = Answered();
        var queue = new QueryLogQueue(4);
        var names = new[] { "www.example.com.", "nothing.example.com.", "mail.example.com." };
        var queries = names.Select(n => GeoFixture.Query(n, "10.1.2.0/24")).ToArray();
        var response = new byte[65535];
        for (int i = 0; i < queries.Length; i++)
        {
            geo.Processor.Process(queries[i], response, context, scratch);
            Assert.True(queue.TryEnqueue(1000 + i, context, scratch.Outcome, queries[i]));
        }

        var name = new byte[DnsName.MaxLength];
        for (int i = 0; i < names.Length; i++)
        {
            Assert.True(queue.TryDequeue(out QueryLogEntry entry, name));
            Assert.Equal(1000 + i, entry.UtcTicks);
            Assert.Equal(names[i], DnsName.ToString(name.AsSpan(0, entry.NameLength)));
            Assert.Equal(Transport.Tcp, entry.Transport);
            Assert.Equal(context.ClientAddress, entry.Client);
            Assert.True(entry.HasEcs);
            Assert.Equal(24, entry.Ecs.SourcePrefix);
            Assert.Equal(RRType.A, entry.QType);
        }
        Assert.False(queue.TryDequeue(out _, name));
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void A_full_queue_drops_and_counts_and_takes_entries_again_once_drained()
    {
        var (geo, scratch, context) = Answered();
        byte[] query = GeoFixture.Query("www.example.com.");
        geo.Processor.Process(query, new byte[65535], context, scratch);
        var queue = new QueryLogQueue(2);

        Assert.True(queue.TryEnqueue(1, context, scratch.Outcome, query));
        Assert.True(queue.TryEnqueue(2, context, scratch.Outcome, query));
        Assert.False(queue.TryEnqueue(3, context, scratch.Outcome, query));
        Assert.False(queue.TryEnqueue(4, context, scratch.Outcome, query));
        Assert.Equal(2, queue.Dropped);

        var name = new byte[DnsName.MaxLength];
        Assert.True(queue.TryDequeue(out var first, name));
        Assert.Equal(1, first.UtcTicks);
        Assert.True(queue.TryEnqueue(5, context, scratch.Outcome, query));
        Assert.True(queue.TryDequeue(out var second, name));
        Assert.True(queue.TryDequeue(out var third, name));
        Assert.Equal([2L, 5L], [second.UtcTicks, third.UtcTicks]);
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public void Concurrent_producers_lose_nothing_that_was_accepted()
    {
        var (geo, scratch, context) = Answered();
        byte[] query = GeoFixture.Query("www.example.com.");
        geo.Processor.Process(query, new byte[65535], context, scratch);
        var queue = new QueryLogQueue(1 << 16);
        const int PerThread = 10_000;
        Parallel.For(0, 4, thread =>
        {
            for (int i = 0; i < PerThread; i++) queue.TryEnqueue(thread * PerThread + i, context, scratch.Outcome, query);
        });

        var seen = new HashSet<long>();
        var name = new byte[DnsName.MaxLength];
        while (queue.TryDequeue(out var entry, name))
        {
            Assert.True(seen.Add(entry.UtcTicks));
            Assert.Equal("www.example.com.", DnsName.ToString(name.AsSpan(0, entry.NameLength)));
        }
        Assert.Equal(4 * PerThread, seen.Count);
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void Enqueueing_allocates_nothing()
    {
        var (geo, scratch, context) = Answered();
        byte[] query = GeoFixture.Query("www.example.com.", "10.1.2.0/24");
        geo.Processor.Process(query, new byte[65535], context, scratch);
        var queue = new QueryLogQueue(1024);
        var name = new byte[DnsName.MaxLength];
        for (int i = 0; i < 100; i++)
        {
            queue.TryEnqueue(i, context, scratch.Outcome, query);
            queue.TryDequeue(out _, name);
        }
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2000; i++) queue.TryEnqueue(i, context, scratch.Outcome, query); // half of them dropped
            while (queue.TryDequeue(out _, name)) { }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
        Assert.True(queue.Dropped > 0);
    }

    private static (GeoFixture Geo, QueryScratch Scratch, QueryContext Context) Answered() =>
        (new GeoFixture(), new QueryScratch(), QueryContext.From(Transport.Tcp, IPAddress.Parse("192.0.2.77")));
}
