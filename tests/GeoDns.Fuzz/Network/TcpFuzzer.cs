using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Oracle;

namespace GeoDns.Fuzz.Network;

/// <summary>
/// Runs <see cref="TcpSession"/>s against a server, a few connections at a time: writes the
/// session's bytes in its segments, half-closes, reads every reply until the server closes, and
/// checks them. Replies come in the order of the queries (RFC 7766 §6.2.1.1 lets a server reorder
/// only when it says so; this server does not), so each must match, by ID, a later answerable
/// message of the stream than the one before it. A clean session must have every query answered.
/// </summary>
internal sealed class TcpFuzzer(IPEndPoint target, QueryGenerator generator, int maxUdpPayload, FuzzReport report)
{
    private long _next;

    /// <summary>Connections open at once (the server limits connections per client address).</summary>
    public int Parallel { get; init; } = 4;
    /// <summary>How long a session may take before it counts as hung (the server neither answered nor closed).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public async Task RunAsync(long first, long count, TimeSpan? budget = null, CancellationToken cancellationToken = default)
    {
        _next = first;
        long end = first + count;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Parallel).Select(async _ =>
        {
            // Each worker builds its own sessions: a generator is not thread-safe.
            var own = new QueryGenerator(generator.Seed, generator.Names);
            var check = new ReplyCheck(maxUdpPayload);
            while (!cancellationToken.IsCancellationRequested && (budget is null || clock.Elapsed < budget))
            {
                long index = Interlocked.Increment(ref _next) - 1;
                if (index >= end) return;
                await RunSessionAsync(TcpSession.Build(own, index), check, cancellationToken).ConfigureAwait(false);
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    public async Task RunSessionAsync(TcpSession session, ReplyCheck check, CancellationToken cancellationToken)
    {
        report.CountSession();
        foreach (FuzzCase c in session.Cases) report.CountSent(session.Clean && c.Expect == Expectation.Answer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SessionTimeout);
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var received = new List<byte>();
        bool reset = false;
        try
        {
            await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
            Task<bool> reading = ReadAllAsync(socket, received, timeout.Token);
            int offset = 0;
            try
            {
                foreach (int size in session.Segments)
                {
                    await SendAllAsync(socket, session.Stream.AsMemory(offset, size), timeout.Token).ConfigureAwait(false);
                    offset += size;
                }
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException) when (!session.Clean)
            {
                // The server closed a hostile stream before it was all written.
            }
            reset = !await reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(session, $"the connection was neither answered nor closed within {SessionTimeout.TotalSeconds:0} s", null);
            return;
        }
        catch (SocketException ex)
        {
            Fail(session, $"socket error {ex.SocketErrorCode}", null);
            return;
        }
        Verify(session, [.. received], reset, check);
    }

    private void Verify(TcpSession session, byte[] received, bool reset, ReplyCheck check)
    {
        var replies = new List<byte[]>();
        int pos = 0;
        while (pos + 2 <= received.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(received.AsSpan(pos));
            if (pos + 2 + length > received.Length) break;
            replies.Add(received[(pos + 2)..(pos + 2 + length)]);
            pos += 2 + length;
        }
        if (pos != received.Length && (session.Clean || !reset))
            Fail(session, $"the server's stream ends inside a reply ({received.Length - pos} bytes left over)", received[pos..]);

        var framed = session.Framed();
        int cursor = 0;
        foreach (byte[] reply in replies)
        {
            report.CountReply(check.Rcode(reply));
            report.CountShape(reply, udp: false);
            int id = reply.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(reply) : -1;
            int match = -1;
            for (int j = cursor; j < framed.Count; j++)
            {
                var (offset, length) = framed[j];
                if (length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(session.Stream.AsSpan(offset)) == id
                    && !ReplyCheck.MustNotBeAnswered(session.Stream.AsSpan(offset, length)))
                {
                    match = j;
                    break;
                }
            }
            if (match < 0)
            {
                Fail(session, $"reply {id:X4} matches no answerable message after the last one answered", reply);
                continue;
            }
            cursor = match + 1;
            Expectation expect = session.Clean ? session.Cases[match].Expect : Expectation.Any;
            if (session.Clean && expect == Expectation.Answer) report.CountValidAnswered();
            var (at, size) = framed[match];
            string? problem = check.Check(session.Stream.AsSpan(at, size), reply, udp: false, expect);
            if (problem is not null) Fail(session, $"message {match}: {problem}", reply);
        }
        if (session.Clean && replies.Count != session.Cases.Count)
            Fail(session, $"{replies.Count} replies to {session.Cases.Count} valid queries{(reset ? " (connection reset)" : "")}", null);
    }

    private void Fail(TcpSession session, string problem, byte[]? reply) =>
        report.Add(new Violation(null, $"session {session.Index} ({session.Recipe}): {problem}\n  stream {Convert.ToHexString(session.Stream)}", reply, "tcp"));

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>Reads until the server closes; false when it ended with a reset rather than a close.</summary>
    private static async Task<bool> ReadAllAsync(Socket socket, List<byte> received, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0) return true;
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return false;
        }
    }
}
