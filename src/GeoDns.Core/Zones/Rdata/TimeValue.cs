namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// TTL-style durations: a plain number of seconds, or BIND-style units <c>1w2d3h4m5s</c>
/// (case-insensitive, any combination; a trailing number without unit counts as seconds).
/// </summary>
internal static class TimeValue
{
    public const uint MaxTtl = 2147483647;

    /// <summary>Parses <paramref name="text"/>; values above <paramref name="max"/> fail with an "out of range" error.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, uint max, out uint value, out string? error)
    {
        value = 0;
        error = null;
        if (text.IsEmpty)
        {
            error = "empty TTL";
            return false;
        }
        ulong total = 0, current = 0;
        bool haveDigits = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                current = current * 10 + (uint)(c - '0');
                haveDigits = true;
                if (current > 0xFFFF_FFFF_FFFFUL) return OutOfRange(text, max, out error);
                continue;
            }
            ulong unit = (c | 0x20) switch
            {
                'w' => 604800,
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => 0,
            };
            if (unit == 0 || !haveDigits)
            {
                error = $"malformed TTL '{text}' (expected seconds, or units like 1w2d3h4m5s)";
                return false;
            }
            total += current * unit;
            current = 0;
            haveDigits = false;
            if (total > 0xFFFF_FFFF_FFFFUL) return OutOfRange(text, max, out error);
        }
        total += current;
        if (total > max) return OutOfRange(text, max, out error);
        value = (uint)total;
        return true;
    }

    private static bool OutOfRange(ReadOnlySpan<char> text, uint max, out string error)
    {
        error = $"TTL '{text}' out of range (0 to {max})";
        return false;
    }

    /// <summary>True if the token can only be meant as a TTL (starts with a digit).</summary>
    public static bool LooksLikeTtl(ReadOnlySpan<char> text) => text.Length > 0 && (uint)(text[0] - '0') <= 9;
}
