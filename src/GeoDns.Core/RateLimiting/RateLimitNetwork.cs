namespace GeoDns.Core.RateLimiting;

/// <summary>
/// A CIDR network (an exempt client range): the address in the low bits as <c>QueryContext</c> holds
/// it (IPv4 in the low 32 bits), its family and its prefix length.
/// </summary>
public readonly record struct RateLimitNetwork(UInt128 Address, bool IsIPv6, int PrefixLength)
{
    /// <summary>The mask of a prefix in a family's width (32 or 128 bits).</summary>
    public static UInt128 Mask(bool isIPv6, int prefixLength)
    {
        int width = isIPv6 ? 128 : 32;
        if (prefixLength <= 0) return UInt128.Zero;
        UInt128 all = isIPv6 ? UInt128.MaxValue : uint.MaxValue;
        return prefixLength >= width ? all : all ^ (all >> prefixLength);
    }

    /// <summary>True when <paramref name="address"/> (of the family <paramref name="isIPv6"/>) is inside this network.</summary>
    public bool Contains(UInt128 address, bool isIPv6) =>
        isIPv6 == IsIPv6 && (address & Mask(isIPv6, PrefixLength)) == (Address & Mask(isIPv6, PrefixLength));
}
