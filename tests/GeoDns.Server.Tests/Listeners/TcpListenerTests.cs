using System.Net;
using System.Net.Sockets;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Listeners;

/// <summary>DNS over TCP (RFC 7766) on real loopback connections, with the test responder behind it.</summary>
public sealed class TcpListenerTests
{
    [Fact]
    public async Task Answers_several_queries_on_one_connection()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);

        for (ushort id = 1; id <= 5; id++)
        {
            var reply = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(id, $"q{id}.example."));
            Assert.Equal(id, DnsWire.Id(reply));
            Assert.True(DnsWire.IsResponse(reply));
        }
    }

    [Fact]
    public async Task Answers_over_IPv6_loopback_when_available()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), ipv6: true);
        if (!TestServer.HasIPv6Loopback)
        {
            Assert.Null(server.Tcp6);
            return;
        }
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp6!);

        var reply = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(66, "www.example.com."));

        Assert.Equal(66, DnsWire.Id(reply));
        Assert.Equal(IPAddress.IPv6Loopback, new IPAddress(reply.AsSpan(reply.Length - 16)));
    }

    [Fact]
    public async Task Answers_pipelined_queries_sent_in_one_write()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        var batch = new List<byte>();
        for (ushort id = 10; id < 20; id++) batch.AddRange(DnsWire.Framed(DnsWire.Query(id, "p.example.")));

        await client.SendAsync(batch.ToArray());

        var replies = await DnsSockets.ReadFramedRepliesAsync(client, 10);
        Assert.Equal(Enumerable.Range(10, 10).ToHashSet(), replies.Select(r => (int)DnsWire.Id(r)).ToHashSet());
    }

    [Fact]
    public async Task Reassembles_a_message_split_across_segments()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        byte[] framed = DnsWire.Framed(DnsWire.Query(0x4242, "split.example.com."));
        int[] cuts = [1, 2, 7, framed.Length - 3, framed.Length];

        int from = 0;
        foreach (int cut in cuts)
        {
            await client.SendAsync(framed.AsMemory(from, cut - from));
            from = cut;
            await Task.Delay(50); // separate segments
        }

        var reply = await DnsSockets.ReadFramedAsync(client);
        Assert.NotNull(reply);
        Assert.Equal(0x4242, DnsWire.Id(reply));
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(65_535)]
    public async Task Reassembles_large_messages_between_small_ones(int size)
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        // A query padded with trailing bytes (the test responder reads only header and question).
        byte[] query = DnsWire.Query(0x7777, "big.example.");
        byte[] large = new byte[size];
        query.CopyTo(large, 0);
        var stream = new List<byte>();
        stream.AddRange(DnsWire.Framed(DnsWire.Query(1, "small.example.")));
        stream.AddRange(DnsWire.Framed(large));
        stream.AddRange(DnsWire.Framed(DnsWire.Query(2, "small.example.")));
        byte[] bytes = stream.ToArray();

        // In chunks of 1000 bytes, so the large message arrives over many reads.
        for (int offset = 0; offset < bytes.Length; offset += 1000)
            await client.SendAsync(bytes.AsMemory(offset, Math.Min(1000, bytes.Length - offset)));

        var replies = await DnsSockets.ReadFramedRepliesAsync(client, 3);
        Assert.Equal([1, 0x7777, 2], replies.Select(r => (int)DnsWire.Id(r)));
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["Tcp:IdleTimeout"] = "300ms" });
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        var reply = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(1, "x.example."));
        Assert.Equal(1, DnsWire.Id(reply));

        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_connection_in_use_outlives_the_idle_timeout()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["Tcp:IdleTimeout"] = "1s" });
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);

        // Queries keep coming for longer than the idle timeout, each gap far below it: the idle
        // clock must restart on activity, not close the connection 1 s after it opened. (Only a
        // stall of most of a second between two queries could fail this on a slow machine.)
        for (ushort id = 1; id <= 12; id++)
        {
            Assert.Equal(id, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(id, "busy.example."))));
            await Task.Delay(150);
        }
    }

    [Fact]
    public async Task A_connection_without_any_query_is_closed_after_the_idle_timeout()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["Tcp:IdleTimeout"] = "300ms" });
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        await client.SendAsync(new byte[] { 0 }); // half a length prefix, then nothing

        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Fact]
    public async Task Queries_sent_before_the_client_half_closes_are_all_answered()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        var batch = new List<byte>();
        for (ushort id = 30; id < 33; id++) batch.AddRange(DnsWire.Framed(DnsWire.Query(id, "h.example.")));

        await client.SendAsync(batch.ToArray());
        client.Shutdown(SocketShutdown.Send); // FIN right after the queries: "no more queries", not "go away"

        var replies = await DnsSockets.ReadFramedRepliesAsync(client, 3);
        Assert.Equal([30, 31, 32], replies.Select(r => (int)DnsWire.Id(r)));
        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_client_that_does_not_read_its_replies_is_closed_after_the_idle_timeout()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["Tcp:IdleTimeout"] = "300ms" });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(server.Tcp4);
        Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(1, "a.example."))));
        Assert.Equal(1, server.Listeners.OpenTcpConnections);

        // Pipeline queries and never read: the replies fill the client's receive buffer and the
        // server's send buffer, so the server's send blocks. It must give up, not wait forever.
        var batch = new List<byte>();
        for (int i = 0; i < 1000; i++) batch.AddRange(DnsWire.Framed(DnsWire.Query((ushort)i, "flood.example.")));
        byte[] bytes = batch.ToArray();
        using var stopFlood = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            try
            {
                while (!stopFlood.IsCancellationRequested) await client.SendAsync(bytes, SocketFlags.None, stopFlood.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server closed the connection (or the test is over).
            }
        });

        await server.WaitForNoTcpConnectionsAsync();
        await stopFlood.CancelAsync();
        await flood;
        Assert.Equal(0, server.Listeners.OpenTcpConnections);
    }

    [Fact]
    public async Task Connections_beyond_MaxConnections_are_closed_when_none_is_idle_while_the_others_keep_working()
    {
        var responder = new TestResponder();
        await using var server = await TestServer.StartAsync(responder, settings: new Dictionary<string, string?> { ["Tcp:MaxConnections"] = "2" });
        using var first = await DnsSockets.TcpConnectAsync(server.Tcp4);
        using var second = await DnsSockets.TcpConnectAsync(server.Tcp4);
        // A query in hand on each: neither is idle, so neither can make room.
        await first.SendAsync(DnsWire.Framed(DnsWire.Query(1, "slow.test.")));
        await second.SendAsync(DnsWire.Framed(DnsWire.Query(2, "slow.test.")));
        Assert.True(await responder.SlowStarted.WaitAsync(DnsSockets.Patience));
        Assert.True(await responder.SlowStarted.WaitAsync(DnsSockets.Patience));

        using var third = await DnsSockets.TcpConnectAsync(server.Tcp4);
        await third.SendAsync(DnsWire.Framed(DnsWire.Query(3, "a.example.")));
        Assert.True(await DnsSockets.IsClosedByServerAsync(third));
        Assert.Equal(1, server.Listeners.RefusedTcpConnections);
        Assert.Equal(0, server.Listeners.EvictedTcpConnections);

        responder.ReleaseSlow();
        responder.ReleaseSlow();
        Assert.Equal(1, DnsWire.Id((await DnsSockets.ReadFramedAsync(first))!));
        Assert.Equal(2, DnsWire.Id((await DnsSockets.ReadFramedAsync(second))!));
        Assert.Equal(4, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(first, DnsWire.Query(4, "a.example."))));
        Assert.Equal(5, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(second, DnsWire.Query(5, "a.example."))));
    }

    [Fact]
    public async Task When_idle_connections_fill_every_slot_a_new_client_still_gets_its_answer()
    {
        // The probe's case at a small scale: clients on several addresses hold every slot and send nothing.
        const int slots = 6;
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Tcp:MaxConnections"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tcp:MaxConnectionsPerClient"] = "2",
        });
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < slots; i++)
            {
                var socket = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Parse($"127.0.0.{2 + i / 2}"));
                idle.Add(socket);
                // An answer proves the server holds it; then it sits idle.
                Assert.Equal(i + 1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(socket, DnsWire.Query((ushort)(i + 1), "a.example."))));
            }
            Assert.Equal(slots, server.Listeners.OpenTcpConnections);

            // A new client (another address) gets its answer, and keeps getting them.
            using var newcomer = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Parse("127.0.0.9"));
            Assert.Equal(100, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(newcomer, DnsWire.Query(100, "a.example."))));
            Assert.Equal(101, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(newcomer, DnsWire.Query(101, "a.example."))));

            // Exactly one idle connection made room for it; the others still answer.
            var closed = new List<int>();
            for (int i = 0; i < slots; i++)
            {
                byte[]? reply;
                try
                {
                    await idle[i].SendAsync(DnsWire.Framed(DnsWire.Query((ushort)(200 + i), "a.example.")));
                    reply = await DnsSockets.ReadFramedAsync(idle[i]);
                }
                catch (SocketException)
                {
                    reply = null; // closed by the server (a reset after its FIN)
                }
                if (reply is null) closed.Add(i);
                else Assert.Equal(200 + i, DnsWire.Id(reply));
            }
            Assert.Single(closed);
            Assert.True(server.Listeners.OpenTcpConnections <= slots);
            Assert.Equal(1, server.Listeners.EvictedTcpConnections);
            Assert.Equal(0, server.Listeners.RefusedTcpConnections);
        }
        finally
        {
            foreach (var socket in idle) socket.Dispose();
        }
    }

    [Fact]
    public async Task Connections_beyond_MaxConnectionsPerClient_are_closed_but_other_clients_connect()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Tcp:MaxConnectionsPerClient"] = "1",
            ["Tcp:MaxConnections"] = "10",
        });
        using var first = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback);
        Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(first, DnsWire.Query(1, "a.example."))));

        using var sameClient = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback);
        await sameClient.SendAsync(DnsWire.Framed(DnsWire.Query(2, "a.example.")));
        Assert.True(await DnsSockets.IsClosedByServerAsync(sameClient));

        // 127.0.0.2 is another client (all of 127/8 is loopback on Linux).
        using var otherClient = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Parse("127.0.0.2"));
        var reply = await DnsSockets.ExchangeFramedAsync(otherClient, DnsWire.Query(3, "a.example."));
        Assert.Equal(3, DnsWire.Id(reply));
        Assert.Equal(4, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(first, DnsWire.Query(4, "a.example."))));
    }

    [Fact]
    public async Task A_closed_connection_frees_its_slot()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?> { ["Tcp:MaxConnections"] = "1" });
        using (var first = await DnsSockets.TcpConnectAsync(server.Tcp4))
        {
            Assert.Equal(1, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(first, DnsWire.Query(1, "a.example."))));
            first.Shutdown(SocketShutdown.Send);
            Assert.True(await DnsSockets.IsClosedByServerAsync(first));
        }
        // The server releases the slot when its side of the connection ends; wait for that.
        await server.WaitForNoTcpConnectionsAsync();
        Assert.Equal(0, server.Listeners.OpenTcpConnections);

        using var second = await DnsSockets.TcpConnectAsync(server.Tcp4);
        Assert.Equal(2, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(second, DnsWire.Query(2, "a.example."))));
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "length 0", [0x00, 0x00] },
        { "length shorter than a header", [0x00, 0x05, 1, 2, 3, 4, 5] },
        { "a response (QR=1), which gets no reply", DnsWire.Framed(DnsWire.Query(9, "a.example.", qr: true)) },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_closes_the_connection_and_the_server_keeps_serving(string why, byte[] bytes)
    {
        Assert.NotNull(why);
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);

        await client.SendAsync(bytes);

        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
        using var next = await DnsSockets.TcpConnectAsync(server.Tcp4);
        Assert.Equal(8, DnsWire.Id(await DnsSockets.ExchangeFramedAsync(next, DnsWire.Query(8, "a.example."))));
    }

    [Fact]
    public async Task A_malformed_message_gets_FORMERR_then_the_connection_closes()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);
        // A header that promises a question, followed by a label running past the end.
        byte[] garbage = [0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3F, 0x61, 0x62];

        var reply = await DnsSockets.ExchangeFramedAsync(client, garbage);

        Assert.Equal(0x0102, DnsWire.Id(reply));
        Assert.Equal(DnsWire.FormErr, DnsWire.Rcode(reply));
        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_query_that_throws_gets_SERVFAIL_and_the_connection_stays_open()
    {
        await using var server = await TestServer.StartAsync(new TestResponder());
        using var client = await DnsSockets.TcpConnectAsync(server.Tcp4);

        var failed = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(1, "boom.test."));
        var next = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(2, "a.example."));

        Assert.Equal(DnsWire.ServFail, DnsWire.Rcode(failed));
        Assert.Equal(1, DnsWire.Id(failed));
        Assert.Equal(2, DnsWire.Id(next));
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(next));
    }

    [Fact]
    public async Task A_slow_query_on_one_connection_does_not_block_another_connection()
    {
        var responder = new TestResponder();
        await using var server = await TestServer.StartAsync(responder);
        using var slow = await DnsSockets.TcpConnectAsync(server.Tcp4);
        using var fast = await DnsSockets.TcpConnectAsync(server.Tcp4);

        await slow.SendAsync(DnsWire.Framed(DnsWire.Query(1, "slow.test.")));
        Assert.True(await responder.SlowStarted.WaitAsync(DnsSockets.Patience));
        var reply = await DnsSockets.ExchangeFramedAsync(fast, DnsWire.Query(2, "a.example."));
        Assert.Equal(2, DnsWire.Id(reply));

        responder.ReleaseSlow();
        var slowReply = await DnsSockets.ReadFramedAsync(slow);
        Assert.NotNull(slowReply);
        Assert.Equal(1, DnsWire.Id(slowReply));
    }
}
