using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// One UDP socket and its receive loop: receive a datagram, answer it into a pre-allocated buffer,
/// send the reply to the sender from the same socket (so it leaves from the address the query came
/// to). Nothing is allocated per datagram. An exception in one query is logged and answered with
/// SERVFAIL; it never ends the loop.
/// </summary>
internal sealed class UdpReceiveLoop
{
    private const int MaxDatagram = 65535;

    private readonly Socket _socket;
    private readonly IQueryWorker _worker;
    private readonly ILogger _logger;
    private readonly UdpReceiveMode _mode;
    private readonly byte[] _receiveBuffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
    private readonly byte[] _sendBuffer;
    private readonly SocketAddress _remote;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private volatile bool _stopping;

    public UdpReceiveLoop(Socket socket, IQueryWorker worker, int maxUdpPayload, UdpReceiveMode mode, ILogger logger)
    {
        _socket = socket;
        _worker = worker;
        _mode = mode;
        _logger = logger;
        _sendBuffer = GC.AllocateUninitializedArray<byte>(maxUdpPayload, pinned: true);
        _remote = new SocketAddress(socket.AddressFamily);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(int index)
    {
        if (_mode == UdpReceiveMode.Blocking)
        {
            // The thread reports its end through this task, so stopping waits without blocking a
            // thread-pool thread in Thread.Join.
            var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running = exited.Task;
            var thread = new Thread(() =>
            {
                try
                {
                    RunBlocking();
                }
                finally
                {
                    exited.TrySetResult();
                }
            })
            {
                IsBackground = true,
                Name = $"geodns udp {LocalEndPoint} #{index}",
            };
            thread.Start();
        }
        else
        {
            _running = RunAsync();
        }
    }

    /// <summary>
    /// Stops receiving (a blocked receive wakes up), lets the query in hand finish, then closes the
    /// socket. Returns false when the loop had to be cut off because <paramref name="cancellationToken"/> fired.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        bool graceful = true;
        _stopping = true;
        // Async mode: a pending ReceiveFromAsync is not woken by the shutdown below; cancel it.
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            // On Linux this wakes a receiver blocked on the socket even though UDP sockets are not
            // connected (the call then reports ENOTCONN, which is expected).
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
        }
        try
        {
            if (_running is not null) await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.UdpLoopForced(LocalEndPoint);
            graceful = false;
        }
        finally
        {
            _socket.Dispose();
            _stop.Dispose();
        }
        return graceful;
    }

    private void RunBlocking()
    {
        Span<byte> receive = _receiveBuffer;
        while (!_stopping)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(receive, SocketFlags.None, _remote);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (KeepReceivingAfter(ex)) continue;
                break;
            }
            if (_stopping) break;
            int length = Answer(receive[..received]);
            if (length > 0) Send(length);
        }
    }

    private async Task RunAsync()
    {
        // Leave the caller's context: the whole loop runs on the thread pool.
        await Task.Yield();
        Memory<byte> receive = _receiveBuffer;
        while (!_stopping)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(receive, SocketFlags.None, _remote, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (KeepReceivingAfter(ex)) continue;
                break;
            }
            if (_stopping) break;
            int length = Answer(_receiveBuffer.AsSpan(0, received));
            if (length <= 0) continue;
            try
            {
                await _socket.SendToAsync(_sendBuffer.AsMemory(0, length), SocketFlags.None, _remote).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                _logger.UdpSendError(LocalEndPoint, ex.SocketErrorCode.ToString());
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// After a failed receive: false when the loop is to end (stopping, socket closed, receive
    /// cancelled); true for an error that concerns one datagram, such as ECONNRESET / ECONNREFUSED
    /// left over from an ICMP port unreachable for an earlier reply, after which the socket is still good.
    /// </summary>
    private bool KeepReceivingAfter(Exception exception)
    {
        if (_stopping || exception is not SocketException socketError) return false;
        _logger.UdpReceiveError(LocalEndPoint, socketError.SocketErrorCode.ToString());
        return true;
    }

    private int Answer(ReadOnlySpan<byte> query)
    {
        try
        {
            return _worker.Process(query, _sendBuffer, SocketAddressReader.ToContext(Transport.Udp, _remote)).ResponseLength;
        }
        catch (Exception ex)
        {
            // Rare: QueryProcessor catches its own exceptions (and its reports are throttled);
            // only a worker that lets one escape gets here.
            _logger.QueryFailed(ex, "UDP listener", suppressed: 0);
            return ServFail.Write(query, _sendBuffer);
        }
    }

    private void Send(int length)
    {
        try
        {
            _socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, _remote);
        }
        catch (SocketException ex)
        {
            // A full send buffer or an unreachable client costs this one reply, never the loop.
            _logger.UdpSendError(LocalEndPoint, ex.SocketErrorCode.ToString());
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
