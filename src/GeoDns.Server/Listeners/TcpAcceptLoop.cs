using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>Accepts TCP connections on one listening socket, enforcing the connection caps.</summary>
internal sealed class TcpAcceptLoop
{
    private readonly Socket _listener;
    private readonly IQueryHandler _handler;
    private readonly ListenerSettings _settings;
    private readonly ConnectionLimiter _limiter;
    private readonly TcpRefusalLog _refusals;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpConnection, Task> _connections = new();
    private Task? _acceptTask;
    private volatile bool _stopping;

    public TcpAcceptLoop(Socket listener, IQueryHandler handler, ListenerSettings settings, ConnectionLimiter limiter, TcpRefusalLog refusals, TimeProvider timeProvider, ILogger logger)
    {
        _refusals = refusals;
        _listener = listener;
        _handler = handler;
        _settings = settings;
        _limiter = limiter;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start() => _acceptTask = AcceptAsync();

    private async Task AcceptAsync()
    {
        await Task.Yield();
        while (!_stopping)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (_stopping)
            {
                break;
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: report and keep accepting.
                _logger.TcpAcceptError(LocalEndPoint, ex.SocketErrorCode.ToString());
                await Task.Delay(TimeSpan.FromMilliseconds(10), _timeProvider).ConfigureAwait(false);
                continue;
            }
            Admit(client);
        }
    }

    /// <summary>Applies the caps and starts the connection; a client that is already gone costs only itself.</summary>
    private void Admit(Socket client)
    {
        UInt128? acquired = null;
        try
        {
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            UInt128 clientKey = ConnectionLimiter.ClientKey(remote.Address);
            string? refusal = _limiter.TryAcquire(clientKey, out TcpConnection? evict);
            if (refusal is not null)
            {
                _refusals.Refused(remote, clientKey, refusal);
                client.Dispose();
                return;
            }
            acquired = clientKey;
            // Every slot was taken: the longest idle connection makes room (it is claimed already).
            evict?.Evict();
            client.NoDelay = true;
            var connection = new TcpConnection(client, remote, _handler.CreateWorker(), _settings, _timeProvider, _logger);
            // Registered before it runs, so a connection that ends at once is still removed.
            _connections[connection] = Task.CompletedTask;
            _limiter.Opened(connection);
            _connections.TryUpdate(connection, RunConnectionAsync(connection, clientKey), Task.CompletedTask);
        }
        catch (SocketException ex)
        {
            // For example a client that reset the connection between accept and setup.
            _logger.TcpAcceptError(LocalEndPoint, ex.SocketErrorCode.ToString());
            if (acquired is { } key) _limiter.Release(key);
            client.Dispose();
        }
    }

    private async Task RunConnectionAsync(TcpConnection connection, UInt128 clientKey)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _limiter.Release(clientKey, connection);
            _connections.TryRemove(connection, out _);
        }
    }

    /// <summary>
    /// Stops accepting, lets every connection answer the query in hand, and closes them. Returns
    /// how many connections had to be cut off because <paramref name="cancellationToken"/> fired.
    /// </summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _listener.Dispose();
        if (_acceptTask is not null)
        {
            try
            {
                await _acceptTask.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        foreach (var connection in _connections.Keys) connection.StopReceiving();
        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException)
        {
            int count = 0;
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
                count++;
            }
            _logger.TcpForcedClose(count);
            return count;
        }
    }
}
