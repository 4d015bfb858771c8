using System.Net.Sockets;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>Graceful shutdown: stop receiving, finish the queries in hand, close every socket.</summary>
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("Blocking")]
    [InlineData("Async")]
    public async Task StopAsync_completes_and_closes_the_UDP_and_TCP_sockets(string mode)
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["UdpReceiveMode"] = mode });
        var udp = server.Udp4;
        var tcp = server.Tcp4;
        using (var client = DnsSockets.UdpClient(udp))
        {
            var (reply, _) = DnsSockets.UdpExchange(client, udp, DnsWire.Query(1, "a.example."));
            Assert.Equal(1, DnsWire.Id(reply));
        }

        await server.StopAsync();

        Assert.Equal(0, server.Listeners.ForcedCloses); // every loop ended by itself
        // Nothing listens any more: UDP gets ICMP port unreachable, TCP is refused.
        using var udpProbe = new Socket(udp.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        udpProbe.Connect(udp);
        udpProbe.Send(DnsWire.Query(2, "a.example."));
        var udpError = Assert.Throws<SocketException>(() => udpProbe.Receive(new byte[512]));
        Assert.Equal(SocketError.ConnectionRefused, udpError.SocketErrorCode);
        var tcpError = await Assert.ThrowsAsync<SocketException>(() => DnsSockets.TcpConnectAsync(tcp));
        Assert.Equal(SocketError.ConnectionRefused, tcpError.SocketErrorCode);
        // The ports are free again.
        using var rebind = new Socket(udp.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(udp);
    }

    [Fact]
    public async Task StopAsync_closes_idle_TCP_connections()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(1, "a.example."))));

        await server.StopAsync();

        Assert.Equal(0, server.Listeners.ForcedCloses);
        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_query_in_flight_over_TCP_is_answered_before_the_connection_closes()
    {
        var responder = new TestResponder();
        await using var server = await TestServer.StartAsync(responder);
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        await client.SendAsync(DnsWire.Framed(DnsWire.Query(77, "slow.test.")));
        Assert.True(await responder.SlowStarted.WaitAsync(DnsSockets.Patience));

        var stop = server.StopAsync();
        responder.ReleaseSlow();
        await stop;
        Assert.Equal(0, server.Listeners.ForcedCloses);

        var reply = await DnsSockets.ReadFramedAsync(client);
        Assert.NotNull(reply);
        Assert.Equal(77, DnsWire.Id(reply));
        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Theory]
    [InlineData("Blocking")]
    [InlineData("Async")]
    public async Task A_query_in_flight_over_UDP_is_answered_before_the_socket_closes(string mode)
    {
        var responder = new TestResponder();
        await using var server = await TestServer.StartAsync(responder, settings: new Dictionary<string, string?> { ["UdpReceiveMode"] = mode });
        using var client = DnsSockets.UdpClient(server.Udp4);
        client.SendTo(DnsWire.Query(78, "slow.test."), server.Udp4);
        Assert.True(await responder.SlowStarted.WaitAsync(DnsSockets.Patience));

        var stop = server.StopAsync();
        responder.ReleaseSlow();
        await stop;
        Assert.Equal(0, server.Listeners.ForcedCloses);

        var (reply, _) = DnsSockets.UdpReceive(client);
        Assert.Equal(78, DnsWire.Id(reply));
    }
}
