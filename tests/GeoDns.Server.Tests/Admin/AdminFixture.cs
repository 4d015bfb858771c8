using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GeoDns.Server.Admin;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Admin;

/// <summary>A real server with a geo zone (client 127.0.0.1 prefers us-east, then eu-west) and its admin API on an ephemeral loopback port.</summary>
internal sealed class AdminFixture : IAsyncDisposable
{
    public const string Token = "s3cret-token-for-tests";
    public const string UsEast = "192.0.2.2";
    public const string EuWest = "192.0.2.1";

    public const string Zone = """
        $ORIGIN geo.test.
        $TTL 1h
        @    IN SOA ns1 hostmaster 1 1h 10m 14d 5m
             IN NS  ns1
        ns1  IN A   192.0.2.53
        $REGION eu-west
        www 60 IN A 192.0.2.1
        $REGION us-east
        www 60 IN A 192.0.2.2
        $REGION
        """;

    private AdminFixture(TestServer server)
    {
        Server = server;
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        Http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
    }

    public TestServer Server { get; }
    public HttpClient Http { get; }

    public static JsonObject Geo() => new()
    {
        ["Regions"] = new JsonObject { ["eu-west"] = new JsonObject(), ["us-east"] = new JsonObject(), ["ap-south"] = new JsonObject() },
        ["Networks"] = new JsonObject { ["127.0.0.0/8"] = new JsonArray("us-east", "eu-west", "ap-south") },
    };

    public static async Task<AdminFixture> StartAsync(string? token = Token, object? health = null)
    {
        var admin = new JsonObject { ["Listen"] = "127.0.0.1:0" };
        if (token is not null) admin["Token"] = token;
        var server = await TestServer.StartAsync(
            zones: new Dictionary<string, string> { ["geo.test.zone"] = Zone },
            geo: Geo(),
            health: health ?? new JsonObject { ["FailoverTtl"] = "5s" },
            admin: admin);
        return new AdminFixture(server);
    }

    /// <summary>The A answer for www.geo.test. over real UDP: addresses and the TTL of the first record (0 when none).</summary>
    public (string[] Addresses, int Ttl) Query()
    {
        using var socket = DnsSockets.UdpClient(Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(socket, Server.Udp4, EcsWire.Query(0x5151, "www.geo.test.", 1, null));
        var message = EcsWire.Parse(reply);
        int ttl = message.AnswerRecords.Count > 0 ? message.AnswerRecords[0].TimeToLive : 0;
        return (EcsWire.Addresses(message), ttl);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    public async Task<JsonObject> RegionAsync(string name)
    {
        var regions = JsonNode.Parse(await Http.GetStringAsync("v1/regions"))!["regions"]!.AsArray();
        return regions.Single(r => (string?)r!["name"] == name)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
