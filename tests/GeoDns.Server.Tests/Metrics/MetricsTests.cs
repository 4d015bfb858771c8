using System.Text.Json.Nodes;
using GeoDns.Server.Admin;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Metrics;

/// <summary>
/// The real server on loopback: queries over UDP and TCP, then <c>GET /metrics</c> on the admin
/// listener; every counter must have moved by exactly what was sent (each server has its own
/// registry, so tests running in parallel do not disturb each other).
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Token = "metrics-test-token";
    private const string BigTxt = "\"" + "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij" + "\"";

    private static readonly string Zone = TwoRegionGeo.Zone + $"""

        big 60 IN TXT {BigTxt} {BigTxt}
        big 60 IN TXT {BigTxt} {BigTxt} {BigTxt}
        """;

    private TestServer? _server;
    private HttpClient? _http;

    private TestServer Server => _server!;
    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            zones: new Dictionary<string, string> { [TwoRegionGeo.ZoneFile] = Zone },
            geo: TwoRegionGeo.Geo(),
            health: new JsonObject { ["FailoverTtl"] = "5s" },
            admin: new JsonObject { ["Listen"] = "127.0.0.1:0", ["Token"] = Token });
        var admin = _server.Host.Services.GetRequiredService<AdminServer>();
        _http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Queries_are_counted_by_protocol_qtype_rcode_and_geo_region()
    {
        var before = await MetricsText.ScrapeAsync(Http);
        using (var udp = DnsSockets.UdpClient(Server.Udp4))
        {
            for (int i = 0; i < 3; i++) Assert.Equal(0, Rcode(udp, DnsWire.Query(1, "www.geo.test.")));
            for (int i = 0; i < 2; i++) Assert.Equal(0, Rcode(udp, EcsWire.Query(2, "www.geo.test.", 1, "127.0.0.0/24")));
            for (int i = 0; i < 2; i++) Assert.Equal(3, Rcode(udp, DnsWire.Query(3, "nothing.geo.test.", type: 28)));
            Assert.Equal(0, Rcode(udp, DnsWire.Query(4, "www.geo.test.", type: 65280)));
            var (big, _) = DnsSockets.UdpExchange(udp, Server.Udp4, DnsWire.Query(5, "big.geo.test.", type: 16));
            Assert.True((big[2] & 0x02) != 0, "the TXT answer does not fit 512 bytes: TC");
            Assert.Equal(1, Rcode(udp, DnsWire.Query(6, "www.geo.test.", questionCount: 2)));
            // A response is dropped without a reply; the query after it on the same socket (the
            // same receive loop) is answered only once the drop has been counted.
            udp.SendTo(DnsWire.Query(7, "www.geo.test.", qr: true), Server.Udp4);
            Assert.Equal(0, Rcode(udp, DnsWire.Query(8, "www.geo.test.")));
        }
        for (int i = 0; i < 2; i++)
        {
            using var tcp = await DnsSockets.TcpConnectAsync(Server.Tcp4);
            byte[] reply = await DnsSockets.ExchangeFramedAsync(tcp, DnsWire.Query(9, "www.geo.test."));
            Assert.Equal(0, DnsWire.Rcode(reply));
        }

        var after = await MetricsText.ScrapeAsync(Http);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        Assert.Equal("counter", after.TypeOf("geodns_queries_total"));
        Assert.Equal(6, Delta("geodns_queries_total", ("protocol", "udp"), ("qtype", "A"), ("rcode", "NOERROR")));
        Assert.Equal(2, Delta("geodns_queries_total", ("protocol", "udp"), ("qtype", "AAAA"), ("rcode", "NXDOMAIN")));
        Assert.Equal(1, Delta("geodns_queries_total", ("protocol", "udp"), ("qtype", "other"), ("rcode", "NOERROR")));
        Assert.Equal(1, Delta("geodns_queries_total", ("protocol", "udp"), ("qtype", "TXT"), ("rcode", "NOERROR")));
        Assert.Equal(2, Delta("geodns_queries_total", ("protocol", "tcp"), ("qtype", "A"), ("rcode", "NOERROR")));
        Assert.Equal(13, after.Sum("geodns_queries_total") - before.Sum("geodns_queries_total"));
        Assert.Equal(1, Delta("geodns_responses_truncated_total", ("protocol", "udp")));
        Assert.Equal(0, Delta("geodns_responses_truncated_total", ("protocol", "tcp")));
        Assert.Equal(1, Delta("geodns_queries_malformed_total", ("protocol", "udp")));
        Assert.Equal(1, Delta("geodns_queries_dropped_total", ("protocol", "udp")));
        Assert.Equal(0, Delta("geodns_queries_dropped_total", ("protocol", "tcp")));
        Assert.True(Delta("geodns_response_bytes_total", ("protocol", "tcp")) > 2 * 12);
        // www: the client 127.0.0.1 (and ECS 127.0.0.0/24) prefers us-east.
        Assert.Equal(6, Delta("geodns_geo_answers_total", ("region", "us-east"), ("ecs", "no")));
        Assert.Equal(2, Delta("geodns_geo_answers_total", ("region", "us-east"), ("ecs", "yes")));
        Assert.Equal(0, Delta("geodns_geo_answers_total", ("region", "eu-west"), ("ecs", "no")));
        Assert.Equal(0, after.Sum("geodns_failover_answers_total") - before.Sum("geodns_failover_answers_total"));

        // Latency is sampled: each worker times its first query, so both TCP connections' queries were timed.
        Assert.Equal("histogram", after.TypeOf("geodns_query_duration_seconds"));
        double timed = Delta("geodns_query_duration_seconds_count");
        Assert.True(timed >= 2, $"{timed} queries timed");
        Assert.Equal(timed, Delta("geodns_query_duration_seconds_bucket", ("le", "+Inf")));
        Assert.True(Delta("geodns_query_duration_seconds_sum") > 0);
    }

    [Fact]
    public async Task A_TCP_message_shorter_than_a_header_is_counted_as_dropped_like_a_short_datagram()
    {
        var before = await MetricsText.ScrapeAsync(Http);
        using (var udp = DnsSockets.UdpClient(Server.Udp4))
        {
            udp.SendTo(new byte[] { 0x12, 0x34, 0x01 }, Server.Udp4);
            Assert.Equal(0, Rcode(udp, DnsWire.Query(1, "www.geo.test.")));
        }
        using (var tcp = await DnsSockets.TcpConnectAsync(Server.Tcp4))
        {
            await tcp.SendAsync(new byte[] { 0x00, 0x03, 0x12, 0x34, 0x01 });
            Assert.True(await DnsSockets.IsClosedByServerAsync(tcp), "the server did not close the connection");
        }

        var after = await MetricsText.ScrapeAsync(Http);
        Assert.Equal(1, after.Value("geodns_queries_dropped_total", ("protocol", "udp")) - before.Value("geodns_queries_dropped_total", ("protocol", "udp")));
        Assert.Equal(1, after.Value("geodns_queries_dropped_total", ("protocol", "tcp")) - before.Value("geodns_queries_dropped_total", ("protocol", "tcp")));
    }

    [Fact]
    public async Task A_region_forced_down_shows_in_the_gauge_the_state_changes_and_the_failover_answers()
    {
        var before = await MetricsText.ScrapeAsync(Http);
        Assert.Equal(1, before.Value("geodns_region_up", ("region", "us-east")));
        Assert.Equal(1, before.Value("geodns_region_up", ("region", "eu-west")));
        Assert.Equal(1, before.Value("geodns_region_up", ("region", "ap-south")));

        using (var put = await Http.SendAsync(Request(HttpMethod.Put, "v1/regions/us-east/override", """{ "state": "down", "reason": "test" }""")))
            Assert.True(put.IsSuccessStatusCode);
        using (var udp = DnsSockets.UdpClient(Server.Udp4))
        {
            for (int i = 0; i < 2; i++)
            {
                var (reply, _) = DnsSockets.UdpExchange(udp, Server.Udp4, EcsWire.Query(1, "www.geo.test.", 1, "127.0.0.0/24"));
                Assert.Equal([TwoRegionGeo.EuWest], EcsWire.Addresses(EcsWire.Parse(reply)));
            }
        }

        var after = await MetricsText.ScrapeAsync(Http);
        Assert.Equal(0, after.Value("geodns_region_up", ("region", "us-east")));
        Assert.Equal(1, after.Value("geodns_region_up", ("region", "eu-west")));
        Assert.Equal(1, after.Value("geodns_region_state_changes_total", ("region", "us-east")) - before.Value("geodns_region_state_changes_total", ("region", "us-east")));
        Assert.Equal(0, after.Value("geodns_region_state_changes_total", ("region", "eu-west")) - before.Value("geodns_region_state_changes_total", ("region", "eu-west")));
        Assert.Equal(2, after.Value("geodns_failover_answers_total", ("protocol", "udp")) - before.Value("geodns_failover_answers_total", ("protocol", "udp")));
        Assert.Equal(2, after.Value("geodns_geo_answers_total", ("region", "eu-west"), ("ecs", "yes")) - before.Value("geodns_geo_answers_total", ("region", "eu-west"), ("ecs", "yes")));
    }

    [Fact]
    public async Task Zones_process_metrics_and_no_token_needed()
    {
        using var response = await Http.GetAsync("metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var metrics = new MetricsText(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, metrics.Value("geodns_zone_serial", ("zone", "geo.test.")));
        Assert.Equal(1, metrics.Value("geodns_zones"));
        // The initial load goes through the reload service's catalog: one successful load.
        Assert.Equal(1, metrics.Value("geodns_zone_reloads_total", ("zone", "geo.test."), ("result", "success")));
        Assert.True(metrics.Has("geodns_zone_reloads_total", ("zone", "geo.test."), ("result", "failure")));
        Assert.Equal(0, metrics.Value("geodns_zone_reloads_total", ("zone", "geo.test."), ("result", "failure")));
        Assert.True(metrics.Has("geodns_config_reloads_total", ("result", "success")));
        Assert.True(metrics.Has("geodns_geoip_reloads_total", ("result", "failure")));
        Assert.False(metrics.Has("geodns_geoip_database_build_timestamp_seconds"), "no database configured");
        Assert.Equal("gauge", metrics.TypeOf("geodns_region_up"));
        Assert.Equal(0, metrics.Value("geodns_query_log_dropped_total"));
        Assert.True(metrics.Value("process_cpu_seconds_total") > 0);
        Assert.True(metrics.Has("dotnet_collection_count_total", ("generation", "0")));
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string json)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    private int Rcode(System.Net.Sockets.Socket udp, byte[] query) => DnsWire.Rcode(DnsSockets.UdpExchange(udp, Server.Udp4, query).Reply);
}
