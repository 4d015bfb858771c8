using System.Buffers;
using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// One DNS-over-TCP connection (RFC 7766): 2-byte length-prefixed messages, any number per
/// connection, pipelined queries answered in order, messages split across segments reassembled.
/// Closes on idle timeout (no complete query within <c>Tcp:IdleTimeout</c> of the previous
/// answer, or a reply that the client has not taken within <c>Tcp:IdleTimeout</c> because it does
/// not read), on a length below a DNS header, on a message that gets no reply (not a query), after
/// answering a malformed message with FORMERR, on server stop (after the query in hand is answered),
/// and when every connection slot is taken and this one, idle the longest, makes room for a new one
/// (<see cref="ConnectionLimiter"/>; RFC 7766 §6.2.3).
/// </summary>
internal sealed class TcpConnection
{
    private const int HeaderLength = 12;
    private const int MaxMessage = 65535;
    private const int InitialInput = 4096;

    private readonly Socket _socket;
    private readonly IQueryWorker _worker;
    private readonly ListenerSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly QueryContext _context;

    // 0: busy (reading a message or answering), 1: waiting for a query with nothing in hand (idle),
    // 2: claimed for closing by the limiter (only from 1, so never while a query is in hand).
    private int _state;
    private long _idleSince;

    public TcpConnection(Socket socket, IPEndPoint remote, IQueryWorker worker, ListenerSettings settings, TimeProvider timeProvider, ILogger logger)
    {
        _socket = socket;
        Remote = remote;
        _worker = worker;
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = logger;
        _context = SocketAddressReader.ToContext(Transport.Tcp, remote);
    }

    public IPEndPoint Remote { get; }

    /// <summary>Stops reading: a pending read returns end-of-stream, so the connection closes after the answer in hand.</summary>
    public void StopReceiving()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>When the connection waits for a query with nothing in hand: the timestamp it began to; else null.</summary>
    public long? IdleSince => Volatile.Read(ref _state) == 1 ? Volatile.Read(ref _idleSince) : null;

    /// <summary>True once the limiter claimed this connection for closing.</summary>
    public bool IsEvicted => Volatile.Read(ref _state) == 2;

    /// <summary>Claims an idle connection for closing; false when it is not idle (it took a query) or already claimed.</summary>
    public bool TryClaimForEviction() => Interlocked.CompareExchange(ref _state, 2, 1) == 1;

    /// <summary>Closes a connection claimed by <see cref="TryClaimForEviction"/>: the client sees a FIN, the pending read ends.</summary>
    public void Evict()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes at once (stop took too long).</summary>
    public void Abort() => _socket.Dispose();

    public async Task RunAsync()
    {
        // Queries are small: start with a small input buffer and switch to one that holds the
        // largest message only when a length prefix asks for it. The output buffer (room for the
        // largest reply) is held only while there are queries to answer and goes back to the pool
        // before the connection waits for more, so an idle connection holds just its input buffer.
        // Both come from the shared pool.
        byte[] input = ArrayPool<byte>.Shared.Rent(InitialInput);
        byte[]? output = null;
        int start = 0, end = 0;
        string reason = "client closed";
        bool sending = false;
        using var idle = new IdleClock(_settings.TcpIdleTimeout, _timeProvider);
        try
        {
            while (true)
            {
                int available = end - start;
                if (available >= 2)
                {
                    int length = (input[start] << 8) | input[start + 1];
                    if (length < HeaderLength)
                    {
                        // No reply, and the stream is not to be trusted any more. What arrived of it
                        // (shorter than a header) still goes to the worker, which counts it as
                        // dropped like a short UDP datagram (geodns_queries_dropped_total).
                        output ??= ArrayPool<byte>.Shared.Rent(2 + MaxMessage);
                        Answer(input.AsSpan(start + 2, Math.Min(length, available - 2)), output, out _);
                        reason = $"message length {length} is shorter than a DNS header";
                        break;
                    }
                    if (available >= 2 + length)
                    {
                        // A complete query is activity: the idle clock restarts, and from here it
                        // also bounds the send, so a client that stops reading its replies (the
                        // send blocks on a full socket buffer) cannot hold the connection forever.
                        idle.MarkActive();
                        output ??= ArrayPool<byte>.Shared.Rent(2 + MaxMessage);
                        int answer = Answer(input.AsSpan(start + 2, length), output, out bool closeAfter);
                        start += 2 + length;
                        if (answer == 0)
                        {
                            reason = "a message that is not a query";
                            break;
                        }
                        output[0] = (byte)(answer >> 8);
                        output[1] = (byte)answer;
                        sending = true;
                        await SendAsync(output.AsMemory(0, 2 + answer), idle.Token).ConfigureAwait(false);
                        sending = false;
                        if (closeAfter)
                        {
                            // Garbage: answered FORMERR, but the stream is not to be trusted any more.
                            reason = "malformed message (answered FORMERR)";
                            break;
                        }
                        idle.MarkActive();
                        continue;
                    }
                }
                if (start == end)
                {
                    start = end = 0;
                }
                else if (start > 0)
                {
                    input.AsSpan(start, available).CopyTo(input);
                    start = 0;
                    end = available;
                }
                if (end >= 2 && 2 + ((input[0] << 8) | input[1]) > input.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(2 + MaxMessage + InitialInput);
                    input.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(input);
                    input = larger;
                }
                if (output is not null)
                {
                    ArrayPool<byte>.Shared.Return(output);
                    output = null;
                }
                if (end == 0)
                {
                    // Nothing in hand: idle, so the limiter may close this one to make room.
                    Volatile.Write(ref _idleSince, _timeProvider.GetTimestamp());
                    Interlocked.CompareExchange(ref _state, 1, 0);
                }
                int read = await _socket.ReceiveAsync(input.AsMemory(end), SocketFlags.None, idle.Token).ConfigureAwait(false);
                // Busy again, unless the limiter claimed it meanwhile: then what arrived is not answered.
                if (Interlocked.CompareExchange(ref _state, 0, 1) == 2) break;
                if (read == 0)
                {
                    reason = end > start ? "end of stream inside a message" : "client closed";
                    break;
                }
                end += read;
            }
        }
        catch (OperationCanceledException)
        {
            reason = sending ? "client does not read its replies (send blocked for the idle timeout)" : "idle timeout";
        }
        catch (SocketException ex)
        {
            reason = ex.SocketErrorCode.ToString();
        }
        catch (ObjectDisposedException)
        {
            reason = "aborted";
        }
        finally
        {
            // Ending: no longer idle (unless already claimed for closing).
            Interlocked.CompareExchange(ref _state, 0, 1);
            ArrayPool<byte>.Shared.Return(input);
            if (output is not null) ArrayPool<byte>.Shared.Return(output);
        }
        if (IsEvicted) reason = "closed to make room for a new connection (Tcp:MaxConnections reached; this one was idle the longest)";
        _logger.TcpClosed(Remote, reason);
        Close();
    }

    /// <summary>
    /// Answers one query into <paramref name="output"/> after the 2-byte prefix; returns the reply's
    /// length (0: none) and, from the worker's outcome, whether the connection closes after it.
    /// </summary>
    private int Answer(ReadOnlySpan<byte> query, byte[] output, out bool closeAfter)
    {
        Span<byte> response = output.AsSpan(2);
        closeAfter = false;
        try
        {
            QueryOutcome outcome = _worker.Process(query, response, _context);
            closeAfter = outcome.CloseConnection;
            return outcome.ResponseLength;
        }
        catch (Exception ex)
        {
            // Rare: QueryProcessor catches its own exceptions (and its reports are throttled);
            // only a worker that lets one escape gets here.
            _logger.QueryFailed(ex, "TCP listener", suppressed: 0);
            return ServFail.Write(query, response);
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private void Close()
    {
        try
        {
            // Graceful close: FIN after the last answer.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }
}
