using GeoDns.Server.Admin;
using GeoDns.Server.Tests.Metrics;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Cookies;

/// <summary>The real server with one small zone and a fixed cookie secret, as a fleet member would run.</summary>
internal static class CookieServer
{
    public const string Secret = "000102030405060708090a0b0c0d0e0f";
    public const string Name = "www.example.test.";

    public const string Zone = """
        $ORIGIN example.test.
        @ 3600 IN SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300
        @ 3600 IN NS ns1.example.test.
        ns1 3600 IN A 192.0.2.53
        www 300 IN A 192.0.2.1
        """;

    public static Task<TestServer> StartAsync(bool requireValid = false, string? secret = Secret, Action<IServiceCollection>? configureServices = null) =>
        TestServer.StartAsync(
            configureServices: configureServices,
            zones: new Dictionary<string, string> { ["example.test.zone"] = Zone },
            settings: new Dictionary<string, string?>
            {
                ["Cookies:Secret"] = secret,
                ["Cookies:RequireValid"] = requireValid ? "true" : "false",
            });

    /// <summary>The metrics the server shows now.</summary>
    public static async Task<MetricsText> ScrapeAsync(TestServer server)
    {
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
        return await MetricsText.ScrapeAsync(http);
    }

}
