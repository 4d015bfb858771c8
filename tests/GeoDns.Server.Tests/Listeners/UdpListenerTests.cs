using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Listeners;

/// <summary>The UDP listener on real loopback sockets, with the test responder behind it.</summary>
public sealed class UdpListenerTests
{
    public static TheoryData<string> Modes => new() { "Blocking", "Async" };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Answers_over_IPv4_from_the_address_queried(string mode)
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["UdpReceiveMode"] = mode });
        using var client = DnsSockets.UdpClient(server.Udp4);

        var (reply, from) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(0x1234, "www.example.com."));

        Assert.Equal(server.Udp4, from);
        Assert.Equal(0x1234, DnsWire.Id(reply));
        Assert.True(DnsWire.IsResponse(reply));
        Assert.Equal(1, DnsWire.AnswerCount(reply));
        // The responder answers with the client address the listener handed it.
        Assert.Equal(0x7F000001u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(reply.Length - 4)));
    }

    [Fact]
    public async Task Answers_over_IPv6_loopback_when_available()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), ipv6: true);
        if (!TestServer.HasIPv6Loopback)
        {
            Assert.Null(server.Udp6);
            return;
        }
        var udp6 = Assert.IsType<IPEndPoint>(server.Udp6);
        using var client = DnsSockets.UdpClient(udp6);

        var (reply, from) = DnsSockets.UdpExchange(client, udp6, DnsWire.Query(7, "www.example.com."));

        Assert.Equal(udp6, from);
        Assert.Equal(7, DnsWire.Id(reply));
        var address = new IPAddress(reply.AsSpan(reply.Length - 16));
        Assert.Equal(IPAddress.IPv6Loopback, address);
    }

    [Fact]
    public async Task Several_sockets_share_the_port_and_every_client_is_answered()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["UdpSocketsPerAddress"] = "4" });
        var clients = Enumerable.Range(0, 16).Select(_ => DnsSockets.UdpClient(server.Udp4)).ToList();
        try
        {
            for (int i = 0; i < clients.Count; i++) clients[i].SendTo(DnsWire.Query((ushort)(100 + i), "a.example."), server.Udp4);
            for (int i = 0; i < clients.Count; i++)
            {
                var (reply, _) = DnsSockets.UdpReceive(clients[i]);
                Assert.Equal(100 + i, DnsWire.Id(reply));
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task A_query_that_throws_gets_SERVFAIL_and_the_loop_keeps_answering()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["UdpSocketsPerAddress"] = "1" });
        using var client = DnsSockets.UdpClient(server.Udp4);

        var (failed, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(1, "boom.test."));
        var (next, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(2, "www.example.com."));

        Assert.Equal(1, DnsWire.Id(failed));
        Assert.Equal(DnsWire.ServFail, DnsWire.Rcode(failed));
        Assert.Equal(2, DnsWire.Id(next));
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(next));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_client_that_is_gone_before_its_reply_does_not_stop_the_loop(string mode)
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["UdpReceiveMode"] = mode,
            ["UdpSocketsPerAddress"] = "1",
        });
        // Each of these clients closes before the reply arrives: the replies draw ICMP port
        // unreachable, which some systems report on the server socket's next receive.
        for (int i = 0; i < 5; i++)
        {
            using var gone = DnsSockets.UdpClient(server.Udp4);
            gone.SendTo(DnsWire.Query((ushort)(200 + i), "gone.example."), server.Udp4);
        }
        using var client = DnsSockets.UdpClient(server.Udp4);

        var (reply, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(0x0A11, "www.example.com."));

        Assert.Equal(0x0A11, DnsWire.Id(reply));
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(reply));
    }

    [Fact]
    public async Task The_blocking_loop_allocates_nothing_per_datagram()
    {
        var probe = new AllocationProbe(new TestResponder());
        await using var server = await TestServer.StartAsync(probe, settings: new Dictionary<string, string?>
        {
            ["UdpReceiveMode"] = "Blocking",
            ["UdpSocketsPerAddress"] = "1",
        });
        using var client = DnsSockets.UdpClient(server.Udp4);
        byte[] query = DnsWire.Query(0, "www.example.com.");
        const int warmUp = 1000, window = 500, windows = 4;
        for (int id = 0; id < warmUp + window * windows; id++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(query, (ushort)id);
            var (reply, _) = DnsSockets.UdpExchange(client, server.Udp4, query);
            Assert.Equal(id, DnsWire.Id(reply));
        }

        // Between two readings the loop thread received, answered and sent `window` datagrams.
        // Best of several windows: the runtime may allocate now and then (tiering, type loads);
        // an allocation per datagram would show in every window.
        var allocated = new List<long>();
        for (int w = 0; w < windows; w++)
        {
            long start = probe.Readings[warmUp + w * window];
            long end = probe.Readings[warmUp + (w + 1) * window - 1];
            Assert.True(start > 0 && end >= start, $"readings {start}..{end}");
            allocated.Add(end - start);
        }
        Assert.True(allocated.Min() == 0, $"bytes allocated per window of {window} datagrams: {string.Join(", ", allocated)}");
    }

    public static TheoryData<string, byte[]> Unanswered => new()
    {
        { "empty datagram", [] },
        { "shorter than a header", [0x12, 0x34, 0x01, 0x00, 0x00] },
        { "QR=1 (a response)", DnsWire.Query(0x5555, "www.example.com.", qr: true) },
    };

    [Theory]
    [MemberData(nameof(Unanswered))]
    public async Task Packets_that_get_no_reply_do_not_disturb_the_next_query(string why, byte[] packet)
    {
        Assert.NotNull(why);
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["UdpSocketsPerAddress"] = "1" });
        using var client = DnsSockets.UdpClient(server.Udp4);

        client.SendTo(packet, server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(0x0BAD, "www.example.com."));

        // One socket, datagrams handled in order: had the first been answered, its reply would come first.
        Assert.Equal(0x0BAD, DnsWire.Id(reply));
    }

    [Fact]
    public async Task Port_zero_binds_UDP_and_TCP_to_the_same_free_port()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());

        Assert.NotEqual(0, server.Udp4.Port);
        Assert.Equal(server.Udp4, server.Tcp4);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var error = Assert.Throws<SocketException>(() => probe.Bind(server.Udp4));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }
}
