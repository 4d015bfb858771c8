using System.Buffers.Binary;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// Byte-level, allocation-free parser of a DNS query: header, question and the OPT RR
/// (RFC 1035 §4.1, RFC 6891 §6). Other records in the answer, authority and additional sections
/// are only checked for structure and skipped. The question name must be uncompressed.
/// </summary>
internal static class QueryParser
{
    private const int FixedRRLength = 10; // TYPE, CLASS, TTL, RDLENGTH

    public static ParseStatus Parse(ReadOnlySpan<byte> message, out ParsedQuery query)
    {
        query = default;
        if (message.Length < ParsedQuery.HeaderLength) return ParseStatus.Drop;
        query.Id = BinaryPrimitives.ReadUInt16BigEndian(message);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((query.Flags & 0x8000) != 0) return ParseStatus.Drop;

        int qdCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int anCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        int nsCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int arCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        bool wellFormed = true;

        int pos = ParsedQuery.HeaderLength;
        for (int i = 0; i < qdCount; i++)
        {
            int nameLength = DnsName.Measure(message[pos..]); // rejects pointers and labels > 63
            if (nameLength < 0 || pos + nameLength + 4 > message.Length) return ParseStatus.FormErr;
            if (i == 0)
            {
                query.HasQuestion = true;
                query.QNameLength = nameLength;
                query.QType = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + nameLength)..]);
                query.QClass = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + nameLength + 2)..]);
            }
            pos += nameLength + 4;
        }

        for (int i = 0; i < anCount + nsCount; i++)
        {
            pos = SkipRecord(message, pos, out ushort type, out _, out _);
            if (pos < 0) return ParseStatus.FormErr;
            // OPT and TSIG only belong in the additional section (RFC 6891 §6.1.1, RFC 8945 §5.2).
            if (type is RRType.OPT or RRType.TSIG) wellFormed = false;
        }

        bool seenOpt = false;
        for (int i = 0; i < arCount; i++)
        {
            int start = pos;
            pos = SkipRecord(message, pos, out ushort type, out int rdataStart, out int rdataLength);
            if (pos < 0) return ParseStatus.FormErr;
            if (type == RRType.TSIG)
            {
                // RFC 8945 §5.2: one TSIG, the last record; one that cannot be interpreted is FORMERR.
                if (i != arCount - 1 || !ParseTsig(message, start, rdataStart, rdataLength, ref query)) wellFormed = false;
                continue;
            }
            if (type != RRType.OPT) continue;
            if (seenOpt)
            {
                // RFC 6891 §6.1.1: more than one OPT is FORMERR; neither is trusted.
                ClearEdns(ref query);
                wellFormed = false;
                continue;
            }
            seenOpt = true;
            if (!ParseOpt(message, start, rdataStart, rdataLength, ref query))
            {
                ClearEdns(ref query);
                wellFormed = false;
            }
        }

        if (query.EcsInvalid) wellFormed = false;
        if (pos != message.Length) wellFormed = false; // trailing garbage
        if (!wellFormed) return ParseStatus.FormErr;
        if (qdCount != 1)
        {
            query.OnlyQuestionCountWrong = true;
            return ParseStatus.FormErr;
        }
        return ParseStatus.Ok;
    }

    private static void ClearEdns(ref ParsedQuery query)
    {
        query.HasEdns = false;
        query.EdnsUdpSize = 0;
        query.EdnsVersion = 0;
        query.DnssecOk = false;
        query.NsidRequested = false;
        query.HasEcs = false;
        query.Ecs = default;
        query.HasCookie = false;
        query.CookieInvalid = false;
        query.CookieOffset = 0;
        query.CookieLength = 0;
    }

    /// <summary>
    /// Checks the TSIG RR whose owner starts at <paramref name="start"/>: CLASS ANY, TTL 0, and RDATA
    /// of algorithm name (uncompressed), time signed (48 bits), fudge, MAC size, MAC, original ID,
    /// error, other length and other data, nothing after (RFC 8945 §4.2).
    /// </summary>
    private static bool ParseTsig(ReadOnlySpan<byte> message, int start, int rdataStart, int rdataLength, ref ParsedQuery query)
    {
        int fixedAt = rdataStart - FixedRRLength;
        if (BinaryPrimitives.ReadUInt16BigEndian(message[(fixedAt + 2)..]) != RRClass.ANY) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(message[(fixedAt + 4)..]) != 0) return false;
        ReadOnlySpan<byte> rdata = message.Slice(rdataStart, rdataLength);
        int algorithm = DnsName.Measure(rdata);
        if (algorithm < 0) return false;
        int pos = algorithm + 6 + 2; // time signed, fudge
        if (pos + 2 > rdata.Length) return false;
        pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(rdata[pos..]); // MAC size, MAC
        if (pos + 6 > rdata.Length) return false;
        pos += 6 + BinaryPrimitives.ReadUInt16BigEndian(rdata[(pos + 4)..]); // original ID, error, other len, other data
        if (pos != rdata.Length) return false;
        query.HasTsig = true;
        query.TsigOwnerOffset = start;
        query.TsigRdataOffset = rdataStart;
        query.TsigAlgorithmLength = algorithm;
        return true;
    }

    /// <summary>
    /// Copies the possibly compressed name at <paramref name="pos"/> into <paramref name="destination"/>
    /// (at least 255 bytes) uncompressed; returns its length, or -1 when it is malformed.
    /// </summary>
    internal static int ExpandName(ReadOnlySpan<byte> message, int pos, Span<byte> destination)
    {
        int written = 0, jumps = 0;
        while (pos < message.Length)
        {
            int b = message[pos];
            if ((b & 0xC0) == 0xC0)
            {
                if (pos + 1 >= message.Length || ++jumps > 64) return -1;
                pos = ((b & 0x3F) << 8) | message[pos + 1];
                continue;
            }
            if (b > DnsName.MaxLabelLength || pos + 1 + b > message.Length || written + 1 + b > DnsName.MaxLength) return -1;
            message.Slice(pos, b + 1).CopyTo(destination[written..]);
            written += b + 1;
            if (b == 0) return written;
            pos += b + 1;
        }
        return -1;
    }

    /// <summary>Checks and reads the OPT RR whose owner starts at <paramref name="start"/>.</summary>
    private static bool ParseOpt(ReadOnlySpan<byte> message, int start, int rdataStart, int rdataLength, ref ParsedQuery query)
    {
        if (message[start] != 0) return false; // the owner must be the root, written as one zero byte
        int fixedAt = start + 1;
        query.EdnsUdpSize = BinaryPrimitives.ReadUInt16BigEndian(message[(fixedAt + 2)..]);
        // TTL: extended rcode (8), version (8), DO (1), Z (15).
        query.EdnsVersion = message[fixedAt + 5];
        query.DnssecOk = (message[fixedAt + 6] & 0x80) != 0;
        query.HasEdns = true;
        return ParseOptions(message.Slice(rdataStart, rdataLength), rdataStart, ref query);
    }

    /// <summary>
    /// The one place that walks EDNS options. Unknown options are skipped. A client subnet option
    /// (RFC 7871) that is invalid, or a second one, sets <see cref="ParsedQuery.EcsInvalid"/>
    /// (FORMERR, the OPT itself stays valid); so does a COOKIE option (RFC 7873 §5.2.2) of a length
    /// other than 8 or 16..40, or a second one, in <see cref="ParsedQuery.CookieInvalid"/> (the
    /// processor answers FORMERR when cookies are on). Options of an EDNS version other than 0 are
    /// not interpreted (that query gets BADVERS). <paramref name="offset"/> is where
    /// <paramref name="options"/> starts in the message.
    /// </summary>
    private static bool ParseOptions(ReadOnlySpan<byte> options, int offset, ref ParsedQuery query)
    {
        int pos = 0;
        bool seenEcs = false;
        bool seenCookie = false;
        while (pos < options.Length)
        {
            if (pos + 4 > options.Length) return false;
            ushort code = BinaryPrimitives.ReadUInt16BigEndian(options[pos..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(options[(pos + 2)..]);
            pos += 4;
            if (pos + length > options.Length) return false;
            switch (code)
            {
                case EdnsOptionCode.Nsid:
                    query.NsidRequested = true;
                    break;
                case EdnsOptionCode.ClientSubnet when query.EdnsVersion == 0:
                    // RFC 7871 §7.1.2 (and Knot): more than one ECS option is FORMERR.
                    if (!seenEcs && TryParseClientSubnet(options.Slice(pos, length), out query.Ecs))
                    {
                        query.HasEcs = true;
                    }
                    else
                    {
                        query.HasEcs = false;
                        query.Ecs = default;
                        query.EcsInvalid = true;
                    }
                    seenEcs = true;
                    break;
                case EdnsOptionCode.Cookie when query.EdnsVersion == 0:
                    if (!seenCookie && length is 8 or (>= 16 and <= 40))
                    {
                        query.HasCookie = true;
                        query.CookieOffset = offset + pos;
                        query.CookieLength = length;
                    }
                    else
                    {
                        query.HasCookie = false;
                        query.CookieInvalid = true;
                    }
                    seenCookie = true;
                    break;
                default:
                    break;
            }
            pos += length;
        }
        return true;
    }

    /// <summary>
    /// Reads a client subnet option's data (RFC 7871 §6, §7.1.2): a known FAMILY, SOURCE
    /// PREFIX-LENGTH within the family, SCOPE PREFIX-LENGTH 0 (this is a query), exactly
    /// ceil(source/8) ADDRESS bytes and no address bit set beyond the source prefix.
    /// </summary>
    internal static bool TryParseClientSubnet(ReadOnlySpan<byte> data, out ClientSubnet subnet)
    {
        subnet = default;
        if (data.Length < 4) return false;
        ushort family = BinaryPrimitives.ReadUInt16BigEndian(data);
        int bits = family switch
        {
            ClientSubnet.FamilyIPv4 => 32,
            ClientSubnet.FamilyIPv6 => 128,
            _ => 0,
        };
        if (bits == 0) return false;
        int source = data[2];
        if (source > bits || data[3] != 0) return false;
        ReadOnlySpan<byte> address = data[4..];
        if (address.Length != (source + 7) / 8) return false;

        UInt128 value = 0;
        for (int i = 0; i < address.Length; i++) value |= (UInt128)address[i] << (bits - 8 - 8 * i);
        if (source > 0 && source < bits && (value & ((UInt128.One << (bits - source)) - 1)) != 0) return false;
        subnet = new ClientSubnet(family, (byte)source, 0, value);
        return true;
    }

    /// <summary>
    /// Skips one resource record at <paramref name="pos"/> (its owner may be compressed);
    /// returns the offset after it, or -1 when it is malformed or truncated.
    /// </summary>
    private static int SkipRecord(ReadOnlySpan<byte> message, int pos, out ushort type, out int rdataStart, out int rdataLength)
    {
        type = 0;
        rdataStart = rdataLength = 0;
        pos = SkipName(message, pos);
        if (pos < 0 || pos + FixedRRLength > message.Length) return -1;
        type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
        rdataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
        rdataStart = pos + FixedRRLength;
        int end = rdataStart + rdataLength;
        return end <= message.Length ? end : -1;
    }

    /// <summary>Skips a possibly compressed name; a pointer must point backwards inside the message.</summary>
    private static int SkipName(ReadOnlySpan<byte> message, int pos)
    {
        int start = pos, length = 0;
        while (true)
        {
            if (pos >= message.Length) return -1;
            int b = message[pos];
            if ((b & 0xC0) == 0xC0)
            {
                if (pos + 1 >= message.Length) return -1;
                int target = ((b & 0x3F) << 8) | message[pos + 1];
                return target < start ? pos + 2 : -1;
            }
            if (b > DnsName.MaxLabelLength) return -1; // 0x40/0x80 label types are not supported
            length += b + 1;
            if (length > DnsName.MaxLength) return -1;
            pos += b + 1;
            if (b == 0) return pos;
        }
    }
}
