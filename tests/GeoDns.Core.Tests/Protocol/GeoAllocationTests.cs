using System.Net;
using GeoDns.Core.Pipeline;

namespace GeoDns.Core.Tests.Protocol;

public sealed class GeoAllocationTests
{
    [Theory]
    [InlineData("www.example.com.", "10.1.2.0/24", "127.0.0.1", false)]
    [InlineData("alias.example.com.", "2001:db8:1:ab00::/56", "127.0.0.1", false)]
    [InlineData("host.wild.example.com.", "::ffff:10.2.3.0/120", "127.0.0.1", false)]
    [InlineData("only.example.com.", null, "10.3.4.5", true)]
    [InlineData("www.example.com.", "0.0.0.0/0", "2001:db8:1::9", true)]
    public void Geo_query_allocates_nothing(string name, string? ecs, string source, bool someDown)
    {
        var geo = new GeoFixture();
        if (someDown) geo.MarkDown("ap", "eu");
        byte[] query = GeoFixture.Query(name, ecs);
        var response = new byte[65535];
        var scratch = new QueryScratch();
        QueryContext context = QueryContext.From(Transport.Udp, IPAddress.Parse(source));
        Assert.True(geo.Processor.Process(query, response, context, scratch) > 0);

        for (int i = 0; i < 100; i++) geo.Processor.Process(query, response, context, scratch);

        // Best of a few rounds: the runtime itself now and then allocates on this thread (tiered
        // JIT); a query path that allocates would show up in every round, 1000 times over.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) geo.Processor.Process(query, response, context, scratch);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(0, geo.Processor.FailureCount);
    }
}
