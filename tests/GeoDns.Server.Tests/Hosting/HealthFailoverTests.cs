using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GeoDns.Server.Tests.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>
/// End to end over real UDP: the server probes a real loopback HTTP backend for us-east (the
/// region 127.0.0.1 prefers); when the backend stops the answer moves to eu-west, when it starts
/// again the answer returns. Waits are bounded polls, never timing assertions.
/// </summary>
public sealed class HealthFailoverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_a_regions_backend_moves_the_answer_and_starting_it_again_brings_it_back()
    {
        int port = FreePort();
        var backend = await StartBackendAsync(port);
        var health = new JsonObject
        {
            ["FailoverTtl"] = "5s",
            ["Regions"] = new JsonObject
            {
                ["us-east"] = new JsonObject
                {
                    ["Checks"] = new JsonArray(new JsonObject
                    {
                        ["Type"] = "http",
                        ["Url"] = $"http://127.0.0.1:{port}/healthz",
                        ["Interval"] = "200ms",
                        ["Timeout"] = "150ms",
                        ["Rise"] = 2,
                        ["Fall"] = 2,
                    }),
                },
            },
        };
        await using var admin = await AdminFixture.StartAsync(health: health);
        try
        {
            Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);

            await backend.StopAsync();
            await backend.DisposeAsync();
            Assert.True(await WaitForAnswerAsync(admin, AdminFixture.EuWest), "the answer did not move to eu-west after the us-east backend stopped");
            var region = await admin.RegionAsync("us-east");
            Assert.Equal("down", (string?)region["state"]);
            Assert.Equal("checks", (string?)region["cause"]);
            Assert.Equal(false, (bool?)region["checks"]![0]!["lastSuccess"]);

            backend = await StartBackendAsync(port);
            Assert.True(await WaitForAnswerAsync(admin, AdminFixture.UsEast), "the answer did not return to us-east after the backend started again");
            Assert.Equal("up", (string?)(await admin.RegionAsync("us-east"))["state"]);
        }
        finally
        {
            await backend.DisposeAsync();
        }
    }

    private static async Task<bool> WaitForAnswerAsync(AdminFixture admin, string address)
    {
        using var wait = new CancellationTokenSource(Patience);
        while (!wait.IsCancellationRequested)
        {
            if (admin.Query().Addresses is [var only] && only == address) return true;
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task<WebApplication> StartBackendAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
