using System.Globalization;

namespace GeoDns.Server.Configuration;

/// <summary>Parses durations written as "500ms", "10s", "2m", "1h" or as a TimeSpan ("00:00:10").</summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        (string suffix, double scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            string number = text[..^suffix.Length];
            // "10ms" also ends with "s": only accept the unit whose prefix is a plain number.
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
            {
                value = TimeSpan.FromMilliseconds(amount * scale);
                return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
