using System.Net;
using System.Net.Sockets;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>Addresses as 128-bit integers (IPv4 in the low 32 bits), network byte order.</summary>
internal static class MmdbAddress
{
    /// <summary>::ffff:0:0, the IPv4-mapped prefix.</summary>
    public static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"cannot read address {address}", nameof(address));
        }

        UInt128 value = 0;
        for (int i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToIPAddress(UInt128 value, bool isIPv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = isIPv6 ? 16 : 4;
        for (int i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        return new IPAddress(bytes[..length]);
    }

    public static bool IsIPv4(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork;
}
