using System.Net;
using GeoDns.Server.Listeners;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Server.Tests.Listeners;

/// <summary>Refused TCP connections cost a log line per interval with their count, not a line each.</summary>
public sealed class TcpRefusalLogTests
{
    [Fact]
    public async Task Twenty_refusals_are_one_line_then_one_summary_per_interval()
    {
        var time = new FakeTimeProvider();
        var log = new LogCapture<ListenerSet>();
        await using var server = await TestServer.StartAsync(new TestResponder(),
            settings: new Dictionary<string, string?> { ["Tcp:MaxConnectionsPerClient"] = "1", ["Tcp:IdleTimeout"] = "1h" },
            configureServices: services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<ILogger<ListenerSet>>(log);
            });
        using var held = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback);
        Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(held, DnsWire.Query(1, "a.example."))));

        for (int i = 0; i < 20; i++)
        {
            using var refused = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback);
            Assert.True(await DnsSockets.IsClosedByServerAsync(refused));
        }
        var refusals = Refusals(log);
        string first = Assert.Single(refusals);
        Assert.Contains("refused: 1 connections open from this client (Tcp:MaxConnectionsPerClient is 1)", first, StringComparison.Ordinal);

        time.Advance(ListenerSet.RefusalLogInterval);
        refusals = Refusals(log);
        Assert.Equal(2, refusals.Count);
        Assert.Contains("Refused 19 more TCP connections from 1 addresses in the last 10 s", refusals[1], StringComparison.Ordinal);

        // A quiet interval ends the summing up: nothing to say, and the next refusal is logged at once.
        time.Advance(ListenerSet.RefusalLogInterval);
        Assert.Equal(2, Refusals(log).Count);
        using (var again = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback))
            Assert.True(await DnsSockets.IsClosedByServerAsync(again));
        Assert.Equal(3, Refusals(log).Count);
        Assert.Equal(21, server.Listeners.RefusedTcpConnections);
    }

    private static List<string> Refusals(LogCapture<ListenerSet> log) =>
        log.Messages.Where(m => m.Contains("refused", StringComparison.OrdinalIgnoreCase)).ToList();
}
