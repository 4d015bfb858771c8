using System.Net;

namespace GeoDns.Server.Listeners;

/// <summary>Counts open TCP connections, in total and per client address, against their caps.</summary>
internal sealed class ConnectionLimiter
{
    private readonly int _maxTotal;
    private readonly int _maxPerClient;
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly Lock _lock = new();
    private int _total;

    public ConnectionLimiter(int maxTotal, int maxPerClient)
    {
        _maxTotal = maxTotal;
        _maxPerClient = maxPerClient;
    }

    public int Total
    {
        get
        {
            lock (_lock) return _total;
        }
    }

    /// <summary>Takes a slot for <paramref name="client"/>; null reason = granted, else why not.</summary>
    public string? TryAcquire(IPAddress client)
    {
        lock (_lock)
        {
            if (_total >= _maxTotal) return $"{_total} connections open (Tcp:MaxConnections is {_maxTotal})";
            _perClient.TryGetValue(client, out int count);
            if (count >= _maxPerClient) return $"{count} connections open from this client (Tcp:MaxConnectionsPerClient is {_maxPerClient})";
            _perClient[client] = count + 1;
            _total++;
            return null;
        }
    }

    public void Release(IPAddress client)
    {
        lock (_lock)
        {
            if (_perClient.TryGetValue(client, out int count))
            {
                if (count <= 1) _perClient.Remove(client);
                else _perClient[client] = count - 1;
                _total--;
            }
        }
    }
}
