using System.Net;
using System.Net.Sockets;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Counts open TCP connections, in total and per client, against their caps. A client is one IPv4
/// address (IPv4-mapped IPv6 counts as the IPv4 address) or one IPv6 /64: a single host usually
/// holds a whole /64 and could otherwise open MaxConnectionsPerClient from each of its addresses.
/// <para>When every slot is taken, a new client is not locked out by connections that only sit
/// there (RFC 7766 §6.2.3): the connection idle the longest (waiting for a query, none in hand) is
/// claimed for closing and the new one takes its slot. Only when no connection is idle is the new
/// one refused. A client at its own cap is refused all the same.</para>
/// </summary>
internal sealed class ConnectionLimiter
{
    private readonly int _maxTotal;
    private readonly int _maxPerClient;
    private readonly Dictionary<UInt128, int> _perClient = [];
    private readonly HashSet<TcpConnection> _open = [];
    private readonly Lock _lock = new();
    private int _total;
    private int _closing;
    private long _refused;
    private long _evicted;

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

    /// <summary>Connections refused since start (a cap reached, none idle).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Idle connections closed since start to make room for a new one.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>
    /// The key a client is counted under: IPv4 as ::ffff:a.b.c.d (so a mapped address is the same
    /// client), IPv6 as its /64 prefix.
    /// </summary>
    public static UInt128 ClientKey(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) address = address.MapToIPv6();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        UInt128 value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        if (address.IsIPv4MappedToIPv6) return value;
        return value & ~(UInt128)ulong.MaxValue; // the /64
    }

    /// <summary>Takes a slot for the client <paramref name="key"/>; null reason = granted, else why not. Never closes another connection.</summary>
    public string? TryAcquire(UInt128 key) => TryAcquire(key, out _);

    /// <summary>
    /// Takes a slot for the client <paramref name="key"/>; null reason = granted, else why not. When
    /// the total cap is reached, the slot is that of the longest idle connection, returned in
    /// <paramref name="evict"/> (already claimed: the caller closes it with <see cref="TcpConnection.Evict"/>).
    /// </summary>
    public string? TryAcquire(UInt128 key, out TcpConnection? evict)
    {
        evict = null;
        lock (_lock)
        {
            _perClient.TryGetValue(key, out int count);
            if (count >= _maxPerClient)
            {
                _refused++;
                return $"{count} connections open from this client (Tcp:MaxConnectionsPerClient is {_maxPerClient})";
            }
            if (_total - _closing >= _maxTotal)
            {
                evict = ClaimLongestIdle();
                if (evict is null)
                {
                    _refused++;
                    return $"{_total} connections open, none idle (Tcp:MaxConnections is {_maxTotal})";
                }
                _closing++;
                _evicted++;
            }
            _perClient[key] = count + 1;
            _total++;
            return null;
        }
    }

    /// <summary>A connection is running (it can be chosen for closing when idle).</summary>
    public void Opened(TcpConnection connection)
    {
        lock (_lock) _open.Add(connection);
    }

    public void Release(UInt128 key) => Release(key, null);

    /// <summary>Gives back the slot of a connection that ended.</summary>
    public void Release(UInt128 key, TcpConnection? connection)
    {
        lock (_lock)
        {
            if (connection is not null && _open.Remove(connection) && connection.IsEvicted) _closing--;
            if (_perClient.TryGetValue(key, out int count))
            {
                if (count <= 1) _perClient.Remove(key);
                else _perClient[key] = count - 1;
                _total--;
            }
        }
    }

    /// <summary>The open connection idle the longest, claimed (it can no longer start on a query); null when none is idle.</summary>
    private TcpConnection? ClaimLongestIdle()
    {
        while (true)
        {
            TcpConnection? oldest = null;
            long oldestSince = long.MaxValue;
            foreach (var connection in _open)
            {
                if (connection.IdleSince is { } since && since < oldestSince)
                {
                    oldest = connection;
                    oldestSince = since;
                }
            }
            if (oldest is null) return null;
            // It may have taken a query since it was looked at: then look again.
            if (oldest.TryClaimForEviction()) return oldest;
        }
    }
}
