using System.Text;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// Turns a presentation-form domain name (RFC 1035 §5.1: <c>@</c>, relative or absolute, <c>\X</c>
/// and <c>\DDD</c> escapes, <c>a\.b</c> is one label) into uncompressed wire form.
/// </summary>
internal static class PresentationName
{
    /// <summary>Enough room for any name being built, including one over-long label before it is rejected.</summary>
    public const int ScratchSize = 512;

    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="destination"/> (at least
    /// <see cref="ScratchSize"/> bytes). A relative name gets <paramref name="origin"/> appended
    /// (empty: there is no origin). Returns the length, or -1 with <paramref name="error"/> set.
    /// </summary>
    public static int Parse(ReadOnlySpan<char> text, ReadOnlySpan<byte> origin, Span<byte> destination, bool lowerCase, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            error = "empty name";
            return -1;
        }
        if (text is "@")
        {
            if (origin.IsEmpty)
            {
                error = "'@' used but no origin is known (no $ORIGIN and no origin from the file name)";
                return -1;
            }
            return CopyName(origin, destination, lowerCase);
        }
        if (text is ".")
        {
            destination[0] = 0;
            return 1;
        }

        int labelStart = 0, labelLength = 0, i = 0;
        bool absolute = false;
        Span<byte> utf8 = stackalloc byte[4];
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    error = "empty label (two dots in a row, or a leading dot)";
                    return -1;
                }
                destination[labelStart] = (byte)labelLength;
                labelStart += 1 + labelLength;
                labelLength = 0;
                i++;
                if (i == text.Length) absolute = true;
                continue;
            }

            int byteCount = 1;
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "name ends with a lone backslash";
                    return -1;
                }
                if (IsDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !IsDigit(text[i + 2]) || !IsDigit(text[i + 3]))
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
                    utf8[0] = (byte)value;
                    i += 4;
                }
                else
                {
                    byteCount = EncodeChar(text, i + 1, utf8, out int used);
                    i += 1 + used;
                }
            }
            else
            {
                byteCount = EncodeChar(text, i, utf8, out int used);
                i += used;
            }

            if (labelLength + byteCount > DnsName.MaxLabelLength)
            {
                error = "label longer than 63 bytes";
                return -1;
            }
            if (labelStart + 1 + labelLength + byteCount >= DnsName.MaxLength)
            {
                error = "name longer than 255 bytes";
                return -1;
            }
            for (int k = 0; k < byteCount; k++)
            {
                byte b = utf8[k];
                destination[labelStart + 1 + labelLength++] = lowerCase ? DnsName.ToLower(b) : b;
            }
        }

        if (absolute)
        {
            destination[labelStart] = 0;
            return labelStart + 1;
        }

        destination[labelStart] = (byte)labelLength;
        labelStart += 1 + labelLength;
        if (origin.IsEmpty)
        {
            error = $"relative name '{text}' but no origin is known (no $ORIGIN and no origin from the file name)";
            return -1;
        }
        if (labelStart + origin.Length > DnsName.MaxLength)
        {
            error = "name longer than 255 bytes once the origin is appended";
            return -1;
        }
        return labelStart + CopyName(origin, destination[labelStart..], lowerCase);
    }

    /// <summary>Parses a name and returns it as a new array (directives and options; not the hot path).</summary>
    public static byte[]? ParseToArray(ReadOnlySpan<char> text, ReadOnlySpan<byte> origin, bool lowerCase, out string? error)
    {
        Span<byte> scratch = stackalloc byte[ScratchSize];
        int length = Parse(text, origin, scratch, lowerCase, out error);
        return length < 0 ? null : scratch[..length].ToArray();
    }

    private static int CopyName(ReadOnlySpan<byte> name, Span<byte> destination, bool lowerCase)
    {
        if (lowerCase)
        {
            for (int k = 0; k < name.Length; k++) destination[k] = DnsName.ToLower(name[k]);
        }
        else
        {
            name.CopyTo(destination);
        }
        return name.Length;
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    /// <summary>
    /// Encodes the character (or surrogate pair) at <paramref name="index"/> as UTF-8. A lone
    /// surrogate U+DC80–U+DCFF is the byte 0x80–0xFF of a zone file that was not UTF-8 (see
    /// <c>MasterFile.ZoneFileReader</c>): it becomes that byte again.
    /// </summary>
    internal static int EncodeChar(ReadOnlySpan<char> text, int index, Span<byte> destination, out int charsUsed)
    {
        char c = text[index];
        if (c < 0x80)
        {
            destination[0] = (byte)c;
            charsUsed = 1;
            return 1;
        }
        if (Rune.DecodeFromUtf16(text[index..], out Rune rune, out charsUsed) != System.Buffers.OperationStatus.Done)
        {
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                destination[0] = (byte)(c - 0xDC00);
                charsUsed = 1;
                return 1;
            }
            rune = Rune.ReplacementChar;
            charsUsed = 1;
        }
        return rune.EncodeToUtf8(destination);
    }
}
