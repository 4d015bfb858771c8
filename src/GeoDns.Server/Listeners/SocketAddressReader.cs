using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Pipeline;

namespace GeoDns.Server.Listeners;

/// <summary>Reads the client address out of a raw <see cref="SocketAddress"/> without allocating.</summary>
internal static class SocketAddressReader
{
    public static QueryContext ToContext(Transport transport, SocketAddress address)
    {
        ReadOnlySpan<byte> raw = address.Buffer.Span;
        if (address.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family(2) port(2) addr(4)
            return new QueryContext(transport, BinaryPrimitives.ReadUInt32BigEndian(raw.Slice(4, 4)), isIPv6: false);
        }
        // sockaddr_in6: family(2) port(2) flowinfo(4) addr(16) scope(4)
        ReadOnlySpan<byte> bytes = raw.Slice(8, 16);
        UInt128 value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        if (value >> 32 == 0xFFFF)
            return new QueryContext(transport, value & 0xFFFF_FFFF, isIPv6: false); // IPv4-mapped
        return new QueryContext(transport, value, isIPv6: true);
    }

    public static QueryContext ToContext(Transport transport, IPEndPoint endPoint) =>
        QueryContext.From(transport, endPoint.Address);
}
