using System.Net;

namespace GeoDns.Core.Protocol;

public enum Transport : byte
{
    Udp,
    Tcp,
}

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
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        UInt128 value = 0;
        for (int i = 0; i < written; i++) value = (value << 8) | bytes[i];
        return new QueryContext(transport, value, written == 16);
    }
}
