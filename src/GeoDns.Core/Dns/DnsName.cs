using System.Text;

namespace GeoDns.Core.Dns;

/// <summary>
/// Helpers for domain names in uncompressed wire format (length-prefixed labels ending with the
/// root label 0). Zone data stores every owner name lower-cased in this form, so the query path
/// compares and hashes bytes and never builds strings.
/// </summary>
public static class DnsName
{
    public const int MaxLength = 255;
    public const int MaxLabelLength = 63;

    public static ReadOnlySpan<byte> Root => [0];

    /// <summary>Length of the name at the start of <paramref name="wire"/>, or -1 if it is not a valid uncompressed name.</summary>
    public static int Measure(ReadOnlySpan<byte> wire)
    {
        int pos = 0;
        while (true)
        {
            if (pos >= wire.Length) return -1;
            int len = wire[pos];
            if (len == 0) return pos + 1 <= MaxLength ? pos + 1 : -1;
            if (len > MaxLabelLength) return -1;
            pos += 1 + len;
            if (pos >= MaxLength) return -1;
        }
    }

    /// <summary>Number of labels, not counting the root label.</summary>
    public static int LabelCount(ReadOnlySpan<byte> name)
    {
        int count = 0, pos = 0;
        while (name[pos] != 0) { count++; pos += name[pos] + 1; }
        return count;
    }

    /// <summary>Offset of the parent name (the name with its first label removed); the root has no parent (-1).</summary>
    public static int ParentOffset(ReadOnlySpan<byte> name, int offset = 0) =>
        name[offset] == 0 ? -1 : offset + name[offset] + 1;

    public static byte ToLower(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    /// <summary>Copies a wire name lower-casing ASCII letters; returns the bytes written.</summary>
    public static int CopyLower(ReadOnlySpan<byte> name, Span<byte> destination)
    {
        int len = Measure(name);
        if (len < 0) throw new ArgumentException("not a valid wire-format name", nameof(name));
        for (int i = 0; i < len; i++) destination[i] = ToLower(name[i]);
        return len;
    }

    public static byte[] ToLowerArray(ReadOnlySpan<byte> name)
    {
        var result = new byte[Measure(name)];
        CopyLower(name, result);
        return result;
    }

    /// <summary>Case-insensitive equality of two wire names (label lengths compare exactly).</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && ToLower(a[i]) != ToLower(b[i])) return false;
        }
        return true;
    }

    /// <summary>True if <paramref name="name"/> equals <paramref name="ancestor"/> or lies below it (case-insensitive).</summary>
    public static bool IsAtOrBelow(ReadOnlySpan<byte> name, ReadOnlySpan<byte> ancestor)
    {
        int offset = 0;
        while (true)
        {
            int rest = name.Length - offset;
            if (rest == ancestor.Length) return EqualsIgnoreCase(name[offset..], ancestor);
            if (rest < ancestor.Length || name[offset] == 0) return false;
            offset += name[offset] + 1;
        }
    }

    /// <summary>Presentation form ("www.example.com."), escaping as RFC 1035 §5.1 does. For diagnostics and tools, not the query path.</summary>
    public static string ToString(ReadOnlySpan<byte> name)
    {
        if (name.Length == 0 || name[0] == 0) return ".";
        var sb = new StringBuilder();
        int pos = 0;
        while (pos < name.Length && name[pos] != 0)
        {
            int len = name[pos];
            foreach (byte c in name.Slice(pos + 1, len))
            {
                if (c is (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$')
                    sb.Append('\\').Append((char)c);
                else if (c <= 0x20 || c >= 0x7f)
                    sb.Append('\\').Append(c.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                else
                    sb.Append((char)c);
            }
            sb.Append('.');
            pos += len + 1;
        }
        return sb.ToString();
    }
}
