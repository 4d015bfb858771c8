using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Network;
using GeoDns.Fuzz.Oracle;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Fuzz;

/// <summary>
/// The fuzzer itself: its cases replay from seed and index, its valid cases are well-formed, and its
/// oracle and runners catch a server that breaks each rule (so a clean run of FuzzTests means something).
/// </summary>
public sealed class FuzzOracleTests
{
    private const int MaxUdp = 1232;

    [Fact]
    public void A_case_is_the_same_from_its_seed_and_index_alone()
    {
        var first = new QueryGenerator(42);
        var second = new QueryGenerator(42);
        var other = new QueryGenerator(43);
        for (int i = 0; i < 50; i++) first.Generate(i); // a generator's history does not matter

        Assert.Equal(second.Generate(1234).Message, first.Generate(1234).Message);
        Assert.Equal(second.Generate(1234).Recipe, first.Generate(1234).Recipe);
        Assert.NotEqual(other.Generate(1234).Message, first.Generate(1234).Message);
    }

    [Fact]
    public void Valid_cases_are_well_formed_queries_and_every_kind_is_made()
    {
        var generator = new QueryGenerator(7);
        var opts = new List<OptRecord>();
        var kinds = new Dictionary<CaseKind, int>();
        for (int i = 0; i < 5000; i++)
        {
            FuzzCase c = generator.Generate(i);
            kinds[c.Kind] = kinds.GetValueOrDefault(c.Kind) + 1;
            if (c.Kind != CaseKind.Valid) continue;
            Assert.True(MessageWalker.Walk(c.Message, opts) is null, c.ToString());
            Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(c.Message.AsSpan(4)));
            Assert.Equal(0, c.Message[2] & 0xF8); // QR=0, opcode QUERY
            Assert.True(opts.Count <= 1 && opts.All(o => o.Section == 3 && o.RootOwner), c.ToString());
        }
        Assert.All(Enum.GetValues<CaseKind>(), kind => Assert.True(kinds.GetValueOrDefault(kind) > 500, $"{kind}: {kinds.GetValueOrDefault(kind)}"));
    }

    public static TheoryData<string, byte[], byte[], bool, string, string?> Replies()
    {
        byte[] query = DnsWire.Query(0x1111, "www.example.com.");
        byte[] edns = DnsWire.Query(0x1111, "www.example.com.", edns: true); // payload 1232
        byte[] Reply(byte[] q, int flags = 0x8100, int rcode = 0, int extra = 0)
        {
            byte[] r = [.. q, .. new byte[extra]];
            r[2] = (byte)(flags >> 8);
            r[3] = (byte)(flags | rcode);
            return r;
        }
        byte[] Padded(int size, bool withOpt)
        {
            // The question, one TXT-like record in the answer section whose RDATA fills the reply to
            // size, and the OPT (11 bytes) last.
            var r = new List<byte>(Reply(query));
            r[7] = 1;
            r.AddRange(new byte[] { 0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60 });
            int rdLength = size - r.Count - 2 - (withOpt ? 11 : 0);
            r.Add((byte)(rdLength >> 8));
            r.Add((byte)rdLength);
            r.AddRange(new byte[rdLength]);
            if (withOpt)
            {
                r[11] = 1;
                r.AddRange(new byte[] { 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0 });
            }
            return [.. r];
        }
        byte[] queryQr = DnsWire.Query(0x1111, "www.example.com.", qr: true);
        byte[] wrongId = Reply(query);
        wrongId[1] = 0x12;
        byte[] wrongOpcode = Reply(query, 0x8900);
        byte[] twoOpts = Reply([.. DnsWire.Query(0x1111, "www.example.com.", edns: true), 0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0]);
        twoOpts[11] = 2;
        byte[] caseChanged = Reply(query);
        caseChanged[13] = (byte)'W';
        byte[] optInAnswer = Reply(edns);
        optInAnswer[7] = 1;
        optInAnswer[11] = 0;
        return new TheoryData<string, byte[], byte[], bool, string, string?>
        {
            { "a right reply", query, Reply(query), true, "Answer", null },
            { "a reply to QR=1", queryQr, Reply(query), true, "Any", "QR=1" },
            { "a reply to a short message", query[..11], Reply(query), true, "Any", "shorter than a header" },
            { "QR=0 in the reply", query, Reply(query, 0x0100), true, "Any", "QR=0" },
            { "another ID", query, wrongId, true, "Any", "ID" },
            { "another opcode", query, wrongOpcode, true, "Any", "opcode" },
            { "513 bytes over UDP without EDNS", query, Padded(513, withOpt: false), true, "Any", "allowed" },
            { "513 bytes over TCP", query, Padded(513, withOpt: false), false, "Any", null },
            { "1232 bytes to an EDNS 1232 query", edns, Padded(1232, withOpt: true), true, "Any", null },
            { "1233 bytes to an EDNS 1232 query", edns, Padded(1233, withOpt: true), true, "Any", "allowed" },
            { "an OPT echoed", edns, Reply(edns), true, "Any", null },
            { "OPT in the answer section", edns, optInAnswer, true, "Any", "not in the additional section" },
            { "trailing bytes", query, Reply(query, extra: 3), true, "Any", "malformed" },
            { "two OPTs", edns, twoOpts, false, "Any", "2 OPT" },
            { "SERVFAIL", query, Reply(query, rcode: 2), true, "Any", "SERVFAIL" },
            { "FORMERR to a valid query", query, Reply(query, rcode: 1), true, "Answer", "FORMERR" },
            { "FORMERR to garbage", query, Reply(query, rcode: 1), true, "Any", null },
            { "the question's case changed", query, caseChanged, true, "Answer", "byte for byte" },
            { "no OPT in the reply to an EDNS query", edns, Reply(query), true, "Answer", "OPT RRs" },
            { "an OPT in the reply to a query without", query, Reply(edns), true, "Answer", "OPT RRs" },
        };
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void The_oracle_tells_a_right_reply_from_a_wrong_one(string what, byte[] query, byte[] reply, bool udp, string expect, string? problem)
    {
        string? found = new ReplyCheck(MaxUdp).Check(query, reply, udp, Enum.Parse<Expectation>(expect));

        if (problem is null) Assert.True(found is null, $"{what}: {found}");
        else Assert.True(found is not null && found.Contains(problem, StringComparison.Ordinal), $"{what}: {found ?? "no problem found"}");
    }

    [Fact]
    public void The_UDP_runner_catches_a_server_that_answers_everything_or_nothing()
    {
        // One that echoes every datagram back with QR set (responses and short messages included).
        using var echo = new FakeUdpServer(message =>
        {
            if (message.Length > 2) message[2] |= 0x80;
            return message;
        });
        var report = new FuzzReport();
        new UdpFuzzer(echo.EndPoint, new QueryGenerator(5), new ReplyCheck(MaxUdp), report).Run(0, 300);
        Assert.Contains(report.Violations, v => v.Problem.Contains("QR=1", StringComparison.Ordinal));
        Assert.Contains(report.Violations, v => v.Problem.Contains("shorter than a header", StringComparison.Ordinal));

        using var silent = new FakeUdpServer(_ => null);
        var none = new FuzzReport();
        new UdpFuzzer(silent.EndPoint, new QueryGenerator(5), new ReplyCheck(MaxUdp), none) { Quiet = TimeSpan.FromMilliseconds(20), Retries = 1, RetryWait = TimeSpan.FromMilliseconds(20) }.Run(0, 20);
        Assert.Contains(none.Violations, v => v.Problem.Contains("no reply to a valid query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_TCP_runner_catches_a_server_that_closes_without_answering()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptAsync(stop.Token);
                while (await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token) > 0)
                {
                }
            }
        });
        var report = new FuzzReport();

        await new TcpFuzzer((IPEndPoint)listener.LocalEndPoint!, new QueryGenerator(6), MaxUdp, report) { Parallel = 1 }.RunAsync(0, 20);

        Assert.Contains(report.Violations, v => v.Problem.Contains("0 replies to", StringComparison.Ordinal));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server);
    }

    /// <summary>A UDP "server" on loopback that answers each datagram with what <c>answer</c> returns (null: nothing).</summary>
    private sealed class FakeUdpServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Thread _thread;

        public FakeUdpServer(Func<byte[], byte[]?> answer)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _thread = new Thread(() =>
            {
                var buffer = new byte[65536];
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                try
                {
                    while (true)
                    {
                        int n = _socket.ReceiveFrom(buffer, ref from);
                        if (answer(buffer[..n]) is { } reply) _socket.SendTo(reply, from);
                    }
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint { get; }

        public void Dispose()
        {
            _socket.Dispose();
            _thread.Join(DnsSockets.Patience);
        }
    }
}
