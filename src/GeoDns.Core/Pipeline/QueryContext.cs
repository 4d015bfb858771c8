using System.Net;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// What the listener knows about a query besides its bytes: the transport and the client's
/// address (IPv4 in the low 32 bits with <see cref="IsIPv6"/> false; IPv4-mapped IPv6 is stored as IPv4).
/// </summary>
public readonly struct QueryContext
{
    public QueryContext(Transport transport, UInt128 clientAddress, bool isIPv6)
    {
        Transport = transport;
        ClientAddress = clientAddress;
        IsIPv6 = isIPv6;
    }

    public Transport Transport { get; }
    public UInt128 ClientAddress { get; }
    public bool IsIPv6 { get; }

    public static QueryContext From(Transport transport, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        // IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 client it stands for; read it in place
        // instead of MapToIPv4(), which allocates a new IPAddress.
        if (address.IsIPv4MappedToIPv6) bytes = bytes.Slice(12, 4);
        else bytes = bytes[..written];
        UInt128 value = 0;
        foreach (byte b in bytes) value = (value << 8) | b;
        return new QueryContext(transport, value, bytes.Length == 16);
    }
}
