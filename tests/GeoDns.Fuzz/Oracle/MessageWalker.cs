using System.Buffers.Binary;

namespace GeoDns.Fuzz.Oracle;

/// <summary>
/// Walks a DNS message's sections by RFC 1035 §4.1 (names with backward compression pointers,
/// records by RDLENGTH) and notes its OPT RRs. Written for the fuzzer from the RFC, independent of
/// the server's parser, so the two cannot share a mistake.
/// </summary>
internal static class MessageWalker
{
    public const int HeaderLength = 12;
    private const int TypeOpt = 41;
    private const int MaxNameLength = 255;

    /// <summary>
    /// Walks the whole message. Returns null when it is well-formed, else what is wrong. Also reports
    /// every OPT RR found up to where the walk stopped: in which section, the UDP size its CLASS
    /// gives, its extended RCODE, and whether its owner is the root. <paramref name="strict"/>
    /// false (for queries from the fuzzer, to find every OPT a server may have seen): compression
    /// pointers are skipped without being followed, and a name may be of any length.
    /// </summary>
    public static string? Walk(ReadOnlySpan<byte> message, List<OptRecord> opts, bool strict = true)
    {
        opts.Clear();
        if (message.Length < HeaderLength) return $"{message.Length} bytes, shorter than a header";
        int pos = HeaderLength;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        for (int i = 0; i < questions; i++)
        {
            string? error = Name(message, ref pos, strict);
            if (error is not null) return $"question {i + 1}: {error}";
            if (pos + 4 > message.Length) return $"question {i + 1}: TYPE/CLASS past the end";
            pos += 4;
        }
        for (int section = 1; section <= 3; section++)
        {
            int count = BinaryPrimitives.ReadUInt16BigEndian(message[(4 + 2 * section)..]);
            for (int i = 0; i < count; i++)
            {
                int owner = pos;
                string? error = Name(message, ref pos, strict);
                if (error is not null) return $"{SectionName(section)} record {i + 1}: {error}";
                if (pos + 10 > message.Length) return $"{SectionName(section)} record {i + 1}: fixed part past the end";
                int type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
                int rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
                if (type == TypeOpt)
                {
                    opts.Add(new OptRecord(section, BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]), message[pos + 4], message[owner] == 0 && pos == owner + 1));
                }
                pos += 10 + rdLength;
                if (pos > message.Length) return $"{SectionName(section)} record {i + 1}: RDATA past the end";
            }
        }
        return pos == message.Length ? null : $"{message.Length - pos} bytes after the last record";
    }

    /// <summary>
    /// Reads the name at <paramref name="pos"/> and moves past it. A pointer must point backwards (at
    /// an earlier name, RFC 1035 §4.1.4), the labels it leads to must read, and the whole name must
    /// fit 255 bytes; label types 0x40 and 0x80 are not allowed.
    /// </summary>
    public static string? Name(ReadOnlySpan<byte> message, ref int pos, bool strict = true)
    {
        int at = pos, length = 0, jumps = 0;
        bool jumped = false;
        while (true)
        {
            if (at >= message.Length) return "name runs past the end";
            int b = message[at];
            if ((b & 0xC0) == 0xC0)
            {
                if (at + 1 >= message.Length) return "pointer cut off";
                int target = ((b & 0x3F) << 8) | message[at + 1];
                if (!strict)
                {
                    pos = at + 2;
                    return null;
                }
                if (target >= at) return $"pointer at {at} to {target} does not point backwards";
                if (++jumps > 127) return "too many pointers";
                if (!jumped) pos = at + 2;
                jumped = true;
                at = target;
                continue;
            }
            if ((b & 0xC0) != 0) return $"label type {b & 0xC0:X2}";
            length += b + 1;
            if (length > MaxNameLength && strict) return "name longer than 255 bytes";
            if (b == 0)
            {
                if (!jumped) pos = at + 1;
                return null;
            }
            at += b + 1;
        }
    }

    private static string SectionName(int section) => section switch { 1 => "answer", 2 => "authority", _ => "additional" };
}
