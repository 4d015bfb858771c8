using System.Text;

namespace GeoDns.Server.Logging;

/// <summary>
/// Text from outside (an override reason, a report's source, a file name) made safe for a log line:
/// control characters (CR, LF, tab, the rest of C0 and C1, DEL, and the Unicode line and paragraph
/// separators) are written as escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u001b</c>), so a value can
/// never end a log line and start a forged one.
/// </summary>
internal static class LogText
{
    /// <summary>The text with its control characters escaped; the same instance when it has none.</summary>
    public static string Escape(string text)
    {
        int first = IndexOfControl(text);
        if (first < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsControl(c))
            {
                builder.Append(c);
                continue;
            }
            switch (c)
            {
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        return builder.ToString();
    }

    private static int IndexOfControl(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i])) return i;
        }
        return -1;
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
