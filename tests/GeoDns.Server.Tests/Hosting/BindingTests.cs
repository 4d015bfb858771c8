using System.Net;
using GeoDns.Server.Cli;
using GeoDns.Server.Listeners;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>Which addresses get bound, and what happens when one cannot be.</summary>
public sealed class BindingTests
{
    [Fact]
    public async Task An_IPv6_address_the_host_does_not_have_is_skipped_and_IPv4_is_served()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:1"] = "[2001:db8::53]:0", // documentation prefix: never configured on a test host
        });

        var endPoint = Assert.Single(server.Listeners.UdpEndPoints);
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        using var client = DnsSockets.UdpClient(server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(5, "a.example."));
        Assert.Equal(5, DnsWire.Id(reply));
    }

    [Fact]
    public async Task Serve_exits_1_when_an_IPv4_address_cannot_be_bound()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "empty");
        string config = dir.Write("geodns.json", """{ "Listen": [ "192.0.2.53:0" ], "Serilog": { "MinimumLevel": { "Default": "Fatal" } } }""");

        var (exit, _, error) = await CliRunner.RunAsync("serve", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("cannot listen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_server_on_an_address_in_use_fails_to_start_instead_of_sharing_it()
    {
        await using var first = await TestServer.StartAsync(new TestResponder());

        // SO_REUSEPORT on the UDP sockets must not let a second instance (or a stale one) quietly
        // take a share of the queries: the TCP listener, bound first and exclusively, refuses.
        var error = await Assert.ThrowsAsync<ListenException>(() => TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:0"] = first.Tcp4.ToString(),
        }));
        Assert.Equal(System.Net.Sockets.SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Equal($"Listen: cannot listen on {first.Tcp4}: address already in use", error.Message);

        using var client = DnsSockets.UdpClient(first.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(client, first.Udp4, DnsWire.Query(9, "a.example."));
        Assert.Equal(9, DnsWire.Id(reply));
    }

    [Fact]
    public async Task A_restart_binds_the_same_port_while_closed_TCP_connections_linger_in_TIME_WAIT()
    {
        var first = await TestServer.StartAsync(new TestResponder());
        var endPoint = first.Tcp4;
        using (var client = await DnsSockets.TcpConnectAsync(endPoint))
        {
            Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(1, "a.example."))));
            // The server closes first (on stop), so its side of the connection goes to TIME_WAIT.
            await first.StopAsync();
            Assert.True(await DnsSockets.IsClosedByServerAsync(client));
        }
        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:0"] = endPoint.ToString(),
        });

        using var next = await DnsSockets.TcpConnectAsync(second.Tcp4);
        Assert.Equal(endPoint, second.Tcp4);
        Assert.Equal(2, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(next, DnsWire.Query(2, "a.example."))));
    }

    [Fact]
    public async Task Two_addresses_on_port_0_each_get_their_own_free_port()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:1"] = "127.0.0.2:0",
        });

        Assert.Equal(2, server.Listeners.UdpEndPoints.Count);
        foreach (var endPoint in server.Listeners.UdpEndPoints)
        {
            using var client = DnsSockets.UdpClient(endPoint);
            var (reply, from) = DnsSockets.UdpExchange(client, endPoint, DnsWire.Query(6, "a.example."));
            Assert.Equal(6, DnsWire.Id(reply));
            Assert.Equal(endPoint, from); // the reply leaves from the address queried
        }
    }
}
