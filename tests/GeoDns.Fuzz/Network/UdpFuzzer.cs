using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Oracle;

namespace GeoDns.Fuzz.Network;

/// <summary>
/// Sends generated cases over UDP a window at a time, each with its own ID (the case index modulo
/// 65536), then drains the replies and matches them by ID. A reply to a message that must get
/// none, a second reply, or a reply that breaks a rule is a violation; a valid query left
/// unanswered is re-sent alone (UDP may lose it) up to <see cref="Retries"/> times, then it is one too.
/// </summary>
internal sealed class UdpFuzzer(IPEndPoint target, QueryGenerator generator, ReplyCheck check, FuzzReport report)
{
    private readonly Slot[] _slots = new Slot[65536];
    private readonly byte[] _buffer = new byte[65535];
    private int _pending;
    private long _round;

    /// <summary>Cases in flight at once.</summary>
    public int Window { get; init; } = 64;
    /// <summary>How long to wait for the next reply while some are outstanding (a server may leave garbage unanswered).</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(250);
    public int Retries { get; init; } = 3;
    public TimeSpan RetryWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Runs cases <paramref name="first"/> onwards until <paramref name="count"/> are sent or <paramref name="budget"/> is spent.</summary>
    public void Run(long first, long count, TimeSpan? budget = null, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 22;
        socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
        var clock = Stopwatch.StartNew();
        var window = new List<int>(Window);
        long index = first, end = first + count;
        while (index < end && !cancellationToken.IsCancellationRequested && (budget is null || clock.Elapsed < budget))
        {
            window.Clear();
            _round++;
            for (int k = 0; k < Window && index < end; k++, index++)
            {
                FuzzCase fuzzCase = generator.Generate(index);
                int id = (int)(index & 0xFFFF);
                byte[] message = fuzzCase.Message;
                if (message.Length >= 2) BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)id);
                ref Slot slot = ref _slots[id];
                if (slot.Case is not null && slot.Expected && slot.Replies == 0) report.CountSilent();
                slot = new Slot { Case = fuzzCase, Expected = !ReplyCheck.MustNotBeAnswered(message), Sends = 1, Round = _round };
                if (slot.Expected) _pending++;
                window.Add(id);
                report.CountSent(fuzzCase.Expect == Expectation.Answer);
                Send(socket, message);
            }
            Drain(socket, Quiet, stopWhen: -1);
            foreach (int id in window) RetryIfRequired(socket, id);
            _pending = 0; // what is still outstanding is left unanswered (counted when its slot is reused)
        }
        Drain(socket, TimeSpan.FromMilliseconds(500), stopWhen: -1, untilQuiet: true);
        foreach (ref Slot slot in _slots.AsSpan())
        {
            if (slot.Case is not null && slot.Expected && slot.Replies == 0) report.CountSilent();
            slot = default;
        }
    }

    private void RetryIfRequired(Socket socket, int id)
    {
        ref Slot slot = ref _slots[id];
        if (slot.Case is null || slot.Replies > 0 || slot.Case.Expect == Expectation.Any || !slot.Expected) return;
        for (int attempt = 0; attempt < Retries && slot.Replies == 0; attempt++)
        {
            report.CountRetry();
            slot.Sends++;
            Send(socket, slot.Case.Message);
            Drain(socket, RetryWait, stopWhen: id);
        }
        if (slot.Replies == 0) report.Add(new Violation(slot.Case, $"no reply to a {(slot.Case.Expect == Expectation.Answer ? "valid query" : "query that must be answered")} after {Retries} retries", Transport: "udp"));
    }

    private void Send(Socket socket, byte[] message)
    {
        try
        {
            socket.SendTo(message, target);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.NoBufferSpaceAvailable)
        {
            // An ICMP error of an earlier datagram surfaces here; a lost datagram is retried if it mattered.
        }
    }

    /// <summary>Receives until nothing is pending (or the slot <paramref name="stopWhen"/> is answered), or nothing arrives for <paramref name="quiet"/>.</summary>
    private void Drain(Socket socket, TimeSpan quiet, int stopWhen, bool untilQuiet = false)
    {
        EndPoint from = new IPEndPoint(target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (untilQuiet || (stopWhen >= 0 ? _slots[stopWhen].Replies == 0 : _pending > 0))
        {
            if (!socket.Poll(quiet, SelectMode.SelectRead)) return;
            int length;
            try
            {
                length = socket.ReceiveFrom(_buffer, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                continue;
            }
            Handle(_buffer.AsSpan(0, length));
        }
    }

    private void Handle(ReadOnlySpan<byte> reply)
    {
        report.CountReply(check.Rcode(reply));
        report.CountShape(reply, udp: true);
        if (reply.Length < 2)
        {
            report.Add(new Violation(null, $"a reply of {reply.Length} bytes", reply.ToArray(), "udp"));
            return;
        }
        ref Slot slot = ref _slots[BinaryPrimitives.ReadUInt16BigEndian(reply)];
        if (slot.Case is null)
        {
            report.Add(new Violation(null, "a reply whose ID matches no message sent", reply.ToArray(), "udp"));
            return;
        }
        slot.Replies++;
        if (slot.Replies > slot.Sends)
        {
            report.Add(new Violation(slot.Case, $"{slot.Replies} replies to {slot.Sends} datagrams", reply.ToArray(), "udp"));
            return;
        }
        if (slot.Replies == 1)
        {
            if (slot.Expected && slot.Round == _round) _pending--;
            if (slot.Case.Expect == Expectation.Answer) report.CountValidAnswered();
        }
        string? problem = check.Check(slot.Case.Message, reply, udp: true, slot.Case.Expect);
        if (problem is not null) report.Add(new Violation(slot.Case, problem, reply.ToArray(), "udp"));
    }

    private struct Slot
    {
        public FuzzCase? Case;
        public bool Expected;
        public int Sends;
        public int Replies;
        public long Round;
    }
}
