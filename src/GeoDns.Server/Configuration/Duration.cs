using System.Globalization;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Parses durations written as "500ms", "10s", "2m", "1h", "2d" or as a TimeSpan ("00:00:10").
/// Only finite amounts that fit a <see cref="TimeSpan"/> parse: "NaNs", "Infinityms" and
/// "9999999999999999999h" are refused like any other text that is not a duration, and so is a bare
/// number other than 0 ("5": TimeSpan would read five days).
/// </summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        (string suffix, double scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, scale) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            string number = text[..^suffix.Length];
            // "10ms" also ends with "s": only accept the unit whose prefix is a plain number.
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
            {
                // double.TryParse takes "NaN" and "Infinity" whatever the styles; and a finite amount may still not fit.
                double milliseconds = amount * scale;
                if (!double.IsFinite(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds) return false;
                value = TimeSpan.FromMilliseconds(milliseconds);
                return true;
            }
        }
        // TimeSpan reads a bare number as days ("5" is five days, where "5s" was meant): a number needs
        // a unit, except 0, which is zero in any unit ("PollInterval": "0" turns the poll off).
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double bare))
        {
            if (bare != 0) return false;
            value = TimeSpan.Zero;
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
