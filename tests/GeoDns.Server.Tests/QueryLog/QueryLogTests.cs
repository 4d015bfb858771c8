using System.Text.Json.Nodes;
using GeoDns.Server.Admin;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Tests.Metrics;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>The query log: one JSON line per answered query, written off the query path; a full queue drops and counts.</summary>
public sealed class QueryLogTests
{
    [Fact]
    public async Task Each_answered_query_is_one_json_line_with_its_fields()
    {
        var server = await TestServer.StartAsync(
            zones: TwoRegionGeo.Zones(),
            geo: TwoRegionGeo.Geo(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true", ["QueryLog:Path"] = "logs/queries.log" });
        string logFile = Path.Combine(server.Directory.Path, "logs", "queries.log");
        byte[] udpReply, tcpReply;
        try
        {
            using (var udp = DnsSockets.UdpClient(server.Udp4))
                (udpReply, _) = DnsSockets.UdpExchange(udp, server.Udp4, EcsWire.Query(0x1111, "WWW.geo.test.", 1, "127.0.0.0/24"));
            using (var tcp = await DnsSockets.TcpConnectAsync(server.Tcp4))
                tcpReply = await DnsSockets.ExchangeFramedAsync(tcp, DnsWire.Query(0x2222, "nothing.geo.test.", type: 28));
            // Stopping writes what is left in the queue and closes the file.
            await server.StopAsync();

            string[] lines = await File.ReadAllLinesAsync(logFile);
            Assert.Equal(2, lines.Length);

            Assert.StartsWith("{\"@t\":\"", lines[0], StringComparison.Ordinal);
            var udpLine = JsonNode.Parse(lines[0])!.AsObject();
            Assert.Equal("query", (string?)udpLine["@mt"]);
            Assert.EndsWith("Z", (string)udpLine["@t"]!, StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse((string)udpLine["@t"]!, System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal("udp", (string?)udpLine["proto"]);
            Assert.Equal("127.0.0.1", (string?)udpLine["client"]);
            Assert.Equal("127.0.0.0", (string?)udpLine["ecs"]!["address"]);
            Assert.Equal(24, (int)udpLine["ecs"]!["source"]!);
            Assert.Equal(EcsScope(udpReply), (int)udpLine["ecs"]!["scope"]!);
            Assert.Equal("WWW.geo.test.", (string?)udpLine["qname"]);
            Assert.Equal("A", (string?)udpLine["qtype"]);
            Assert.Equal("NOERROR", (string?)udpLine["rcode"]);
            Assert.Equal("us-east", (string?)udpLine["region"]);
            Assert.Equal(udpReply.Length, (int)udpLine["size"]!);

            var tcpLine = JsonNode.Parse(lines[1])!.AsObject();
            Assert.Equal("tcp", (string?)tcpLine["proto"]);
            Assert.Equal("127.0.0.1", (string?)tcpLine["client"]);
            Assert.False(tcpLine.ContainsKey("ecs"));
            Assert.Equal("nothing.geo.test.", (string?)tcpLine["qname"]);
            Assert.Equal("AAAA", (string?)tcpLine["qtype"]);
            Assert.Equal("NXDOMAIN", (string?)tcpLine["rcode"]);
            Assert.False(tcpLine.ContainsKey("region"));
            Assert.Equal(tcpReply.Length, (int)tcpLine["size"]!);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_full_queue_drops_entries_counts_them_and_answers_every_query()
    {
        var sink = new BlockingSink();
        var output = new QueryLogOutput(new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger(), "test sink");
        await using var server = await TestServer.StartAsync(
            zones: TwoRegionGeo.Zones(),
            geo: TwoRegionGeo.Geo(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true", ["QueryLog:QueueCapacity"] = "2" },
            configureServices: services => services.AddSingleton(output));
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };

        using var udp = DnsSockets.UdpClient(server.Udp4);
        DnsSockets.UdpExchange(udp, server.Udp4, DnsWire.Query(1, "www.geo.test."));
        // The writer took the first entry and is stuck in the sink: the queue (2 slots) is empty.
        await sink.Entered.WaitAsync(DnsSockets.Patience);
        for (int i = 0; i < 5; i++)
        {
            var (reply, _) = DnsSockets.UdpExchange(udp, server.Udp4, DnsWire.Query((ushort)(10 + i), "www.geo.test."));
            Assert.Equal(0, DnsWire.Rcode(reply));
        }

        var metrics = await MetricsText.ScrapeAsync(http);
        Assert.Equal(3, metrics.Value("geodns_query_log_dropped_total"));
        Assert.Equal(6, metrics.Value("geodns_queries_total", ("protocol", "udp"), ("qtype", "A"), ("rcode", "NOERROR")));

        sink.Release();
        await server.StopAsync();
        Assert.Equal(3, sink.Events.Count);
        Assert.Equal(3, server.Host.Services.GetRequiredService<QueryLogService>().Written);
    }

    [Fact]
    public async Task Disabled_by_default_nothing_is_queued()
    {
        await using var server = await TestServer.StartAsync(zones: TwoRegionGeo.Zones(), geo: TwoRegionGeo.Geo());
        Assert.Null(server.Host.Services.GetService<QueryLogService>());
        Assert.Null(server.Host.Services.GetRequiredService<Core.Telemetry.QueryRecorder>().Log);
    }

    /// <summary>SCOPE PREFIX-LENGTH of the reply's ECS option (the last option, its address last).</summary>
    private static int EcsScope(byte[] reply)
    {
        string echoed = EcsWire.ClientSubnet(EcsWire.Parse(reply))!;
        return int.Parse(echoed.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
