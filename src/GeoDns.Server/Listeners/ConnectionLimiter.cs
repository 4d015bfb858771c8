using System.Net;
using System.Net.Sockets;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Counts open TCP connections, in total and per client, against their caps. A client is one IPv4
/// address (IPv4-mapped IPv6 counts as the IPv4 address) or one IPv6 /64: a single host usually
/// holds a whole /64 and could otherwise open MaxConnectionsPerClient from each of its addresses.
/// </summary>
internal sealed class ConnectionLimiter
{
    private readonly int _maxTotal;
    private readonly int _maxPerClient;
    private readonly Dictionary<UInt128, int> _perClient = [];
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

    /// <summary>Takes a slot for the client <paramref name="key"/>; null reason = granted, else why not.</summary>
    public string? TryAcquire(UInt128 key)
    {
        lock (_lock)
        {
            if (_total >= _maxTotal) return $"{_total} connections open (Tcp:MaxConnections is {_maxTotal})";
            _perClient.TryGetValue(key, out int count);
            if (count >= _maxPerClient) return $"{count} connections open from this client (Tcp:MaxConnectionsPerClient is {_maxPerClient})";
            _perClient[key] = count + 1;
            _total++;
            return null;
        }
    }

    public void Release(UInt128 key)
    {
        lock (_lock)
        {
            if (_perClient.TryGetValue(key, out int count))
            {
                if (count <= 1) _perClient.Remove(key);
                else _perClient[key] = count - 1;
                _total--;
            }
        }
    }
}
