using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace GeoDns.Core.Geo;

/// <summary>Addresses as integers (IPv4 in the low 32 bits), for load time, tests and explain.</summary>
internal static class IpBits
{
    /// <summary>The address as an integer; IPv4-mapped IPv6 addresses become IPv4.</summary>
    public static UInt128 From(IPAddress address, out bool isIPv6)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            isIPv6 = false;
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        address.TryWriteBytes(bytes, out _);
        isIPv6 = true;
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToAddress(UInt128 value, bool isIPv6)
    {
        if (!isIPv6)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(four, (uint)value);
            return new IPAddress(four);
        }

        Span<byte> sixteen = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(sixteen, value);
        return new IPAddress(sixteen);
    }

    /// <summary>The bits beyond <paramref name="prefix"/> of a <paramref name="bits"/>-wide address.</summary>
    public static UInt128 HostMask(int bits, int prefix)
    {
        int host = bits - prefix;
        return host <= 0 ? UInt128.Zero : host >= 128 ? UInt128.MaxValue : (UInt128.One << host) - 1;
    }

    public static UInt128 Mask(UInt128 value, int bits, int prefix) => value & ~HostMask(bits, prefix);

    public static string Format(UInt128 value, bool isIPv6, int prefix) =>
        ToAddress(Mask(value, isIPv6 ? 128 : 32, prefix), isIPv6) + "/" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
