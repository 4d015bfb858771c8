using System.Text;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// RFC 1035 &lt;character-string&gt; text: decoding <c>\X</c> / <c>\DDD</c> escapes into bytes, and
/// printing bytes back as a quoted string that reads back to the same bytes.
/// </summary>
internal static class CharacterString
{
    /// <summary>Appends the bytes that <paramref name="text"/> (raw token text, escapes not yet decoded) stands for. Returns the byte count, or -1 with <paramref name="error"/>.</summary>
    public static int Decode(ReadOnlySpan<char> text, RdataBuilder output, out string? error)
    {
        error = null;
        int start = output.Length;
        Span<byte> utf8 = stackalloc byte[4];
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "string ends with a lone backslash";
                    return -1;
                }
                if ((uint)(text[i + 1] - '0') <= 9)
                {
                    if (i + 3 >= text.Length || (uint)(text[i + 2] - '0') > 9 || (uint)(text[i + 3] - '0') > 9)
                    {
                        error = "a \\DDD escape needs exactly three decimal digits";
                        return -1;
                    }
                    int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        error = $"escape \\{text.Slice(i + 1, 3)} is above 255";
                        return -1;
                    }
                    output.WriteByte((byte)value);
                    i += 4;
                    continue;
                }
                int n = PresentationName.EncodeChar(text, i + 1, utf8, out int used);
                output.Write(utf8[..n]);
                i += 1 + used;
                continue;
            }
            if (c < 0x80)
            {
                output.WriteByte((byte)c);
                i++;
            }
            else
            {
                int n = PresentationName.EncodeChar(text, i, utf8, out int used);
                output.Write(utf8[..n]);
                i += used;
            }
        }
        return output.Length - start;
    }

    /// <summary>Appends <paramref name="bytes"/> as a quoted string: <c>"</c> and <c>\</c> escaped, bytes outside printable ASCII as <c>\DDD</c>.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        AppendEscaped(sb, bytes);
        sb.Append('"');
    }

    /// <summary>Appends bytes escaped for use inside a quoted string (no quotes added).</summary>
    public static void AppendEscaped(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b < 0x20 || b >= 0x7f)
            {
                sb.Append('\\');
                sb.Append((char)('0' + b / 100));
                sb.Append((char)('0' + b / 10 % 10));
                sb.Append((char)('0' + b % 10));
            }
            else
            {
                sb.Append((char)b);
            }
        }
    }
}
