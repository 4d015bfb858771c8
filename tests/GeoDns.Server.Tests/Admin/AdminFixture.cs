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
    public const string UsEast = TwoRegionGeo.UsEast;
    public const string EuWest = TwoRegionGeo.EuWest;
    public const string Zone = TwoRegionGeo.Zone;

    private AdminFixture(TestServer server)
    {
        Server = server;
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        Http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
    }

    public TestServer Server { get; }
    public HttpClient Http { get; }

    public static JsonObject Geo() => TwoRegionGeo.Geo();

    /// <param name="time">The server's clock (a FakeTimeProvider to move overrides and reports past their expiry); the system clock by default.</param>
    public static async Task<AdminFixture> StartAsync(string? token = Token, object? health = null, TimeProvider? time = null)
    {
        var admin = new JsonObject { ["Listen"] = "127.0.0.1:0" };
        if (token is not null) admin["Token"] = token;
        var server = await TestServer.StartAsync(
            zones: new Dictionary<string, string> { ["geo.test.zone"] = Zone },
            geo: Geo(),
            health: health ?? new JsonObject { ["FailoverTtl"] = "5s" },
            admin: admin,
            configureServices: time is null ? null : services => services.AddSingleton(time));
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
