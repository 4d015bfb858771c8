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

    /// <summary>
    /// Checks that <paramref name="text"/> (no ':', so not IPv6) is written as four decimal octets.
    /// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes the old inet_aton
    /// short forms, in which the last number fills the remaining bytes ("198.51.100" is
    /// 198.51.0.100, "10.1" is 10.0.0.1), and reads a leading 0 as octal ("010.0.0.0" is
    /// 8.0.0.0): in a configuration these are typos, never meant. <paramref name="problem"/> says
    /// what to write instead, with <paramref name="suffix"/> (such as "/24") after the address.
    /// </summary>
    public static bool IsDottedQuad(string text, string suffix, out string problem)
    {
        problem = string.Empty;
        string[] parts = text.Split('.');
        bool decimalParts = true;
        foreach (string part in parts)
        {
            decimalParts &= part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit) && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255;
        }

        if (!decimalParts)
        {
            return true; // not an IPv4 address at all: the caller's parse reports it
        }

        if (parts.Length < 4)
        {
            string full = text + string.Concat(Enumerable.Repeat(".0", 4 - parts.Length));
            problem = $"'{text}' is not a full IPv4 address (write all four octets: {full}{suffix})";
            return false;
        }

        if (parts.Length == 4 && parts.Any(p => p.Length > 1 && p[0] == '0'))
        {
            string plain = string.Join('.', parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            problem = $"'{text}' has an octet with a leading zero, which some software reads as octal (write {plain}{suffix})";
            return false;
        }

        return true;
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
