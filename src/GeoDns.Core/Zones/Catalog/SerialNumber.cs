namespace GeoDns.Core.Zones.Catalog;

/// <summary>SOA serial arithmetic (RFC 1982, SERIAL_BITS = 32).</summary>
internal static class SerialNumber
{
    /// <summary>True when <paramref name="next"/> is greater than <paramref name="previous"/> (undefined comparisons, 2^31 apart, are not).</summary>
    public static bool IsGreater(uint next, uint previous)
    {
        uint ahead = unchecked(next - previous);
        return ahead != 0 && ahead < 0x8000_0000u;
    }

    /// <summary><paramref name="serial"/> + 1, wrapping from 2^32-1 to 0 (RFC 1982 §3.1).</summary>
    public static uint Increment(uint serial) => unchecked(serial + 1);
}
