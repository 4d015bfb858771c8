using System.Buffers.Binary;
using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// The one reply builder: every reply (answers, CHAOS answers, FORMERR / REFUSED / NOTIMP /
/// BADVERS / SERVFAIL, the TSIG BADKEY reply, truncated replies) is written through it, in one
/// order: <b>begin</b> (the constructor: the question copied byte for byte, the OPT's space
/// reserved) → <b>sections</b> (<see cref="TryWriteRRset"/>, <see cref="TryWriteRecord"/>, counted
/// per <see cref="ReplySection"/>) → <b>OPT</b> (<see cref="WriteOpt"/>) → <b>finish</b> (the
/// header from the query's ID and flags plus the counts; the rcode and TC noted in the
/// <see cref="QueryOutcome"/>). Every write checks <see cref="Limit"/> and reports failure instead of
/// writing past it; a whole RRset is either written or rolled back (RFC 2181 §9: never a partial RRset).
/// Compression (RFC 1035 §4.1.4) covers owner names and the names inside RDATA of NS, CNAME,
/// PTR, MX and SOA only; all other RDATA is copied verbatim (RFC 3597 §4).
/// </summary>
internal ref struct ResponseWriter
{
    /// <summary>An OPT RR without options: root owner, TYPE, CLASS, TTL, RDLENGTH.</summary>
    public const int OptFixedLength = 11;

    private readonly Span<byte> _buffer;
    private readonly CompressionTable _names;
    private readonly QueryOutcome _outcome;
    private readonly ReadOnlySpan<byte> _nsid;
    private readonly ReadOnlySpan<byte> _cookie;
    private readonly int _udpPayloadSize;
    private readonly ushort _id;
    private readonly ushort _flags;
    private readonly bool _hasEdns;
    private readonly bool _dnssecOk;
    private readonly bool _hasEcs;
    private int _position;
    private int _questions;
    private int _answers;
    private int _authorities;
    private int _additionals;

    /// <summary>
    /// Begins the reply to <paramref name="parsed"/> in <paramref name="buffer"/> (already cut to the
    /// size the reply may fill): the header is left for <see cref="Finish"/>, the question is copied
    /// when the query's parsed, and when the query had an OPT the space of ours (with
    /// <paramref name="nsid"/>, the client subnet option and the scratch's COOKIE data) is reserved
    /// for <see cref="WriteOpt"/>.
    /// </summary>
    public ResponseWriter(Span<byte> buffer, QueryScratch scratch, scoped ReadOnlySpan<byte> query, in ParsedQuery parsed,
        ReadOnlySpan<byte> nsid, int udpPayloadSize)
    {
        _buffer = buffer;
        _names = scratch.Compression;
        _names.Clear();
        _outcome = scratch.Outcome;
        _nsid = nsid;
        _cookie = parsed.HasEdns ? scratch.Cookie.AsSpan(0, scratch.CookieLength) : [];
        _udpPayloadSize = udpPayloadSize;
        _id = parsed.Id;
        _flags = parsed.Flags;
        _hasEdns = parsed.HasEdns;
        _dnssecOk = parsed.DnssecOk;
        _hasEcs = parsed.HasEcs;
        _position = ParsedQuery.HeaderLength;
        Limit = buffer.Length - (parsed.HasEdns ? OptLength(nsid.Length, parsed.HasEcs ? parsed.Ecs.OptionDataLength : 0, _cookie.Length) : 0);
        if (parsed.HasQuestion
            && TryWriteQuestion(query.Slice(ParsedQuery.QuestionOffset, parsed.QuestionLength), parsed.QNameLength))
        {
            _questions = 1;
        }
    }

    /// <summary>Writes must end at or before this offset (lowered while the OPT's space is reserved).</summary>
    public int Limit { get; private set; }

    public readonly int Position => _position;

    public readonly int Capacity => _buffer.Length;

    /// <summary>
    /// Length of our OPT RR with an NSID of <paramref name="nsidLength"/> bytes (0: none), a client
    /// subnet option of <paramref name="ecsDataLength"/> data bytes (0: none; else at least 4) and a
    /// COOKIE option of <paramref name="cookieLength"/> data bytes (0: none).
    /// </summary>
    public static int OptLength(int nsidLength, int ecsDataLength = 0, int cookieLength = 0) =>
        OptFixedLength + (nsidLength > 0 ? 4 + nsidLength : 0) + (ecsDataLength > 0 ? 4 + ecsDataLength : 0)
        + (cookieLength > 0 ? 4 + cookieLength : 0);

    /// <summary>Copies the question section (one question) and offers its name for compression.</summary>
    private bool TryWriteQuestion(scoped ReadOnlySpan<byte> question, int nameLength)
    {
        if (_position + question.Length > Limit) return false;
        question.CopyTo(_buffer[_position..]);
        for (int n = 0; question[n] != 0; n += question[n] + 1)
        {
            _names.Add(_position + n, nameLength - n);
        }
        _position += question.Length;
        return true;
    }

    /// <summary>
    /// Writes every record of <paramref name="entry"/> into <paramref name="section"/>, or nothing
    /// if they do not all fit.
    /// </summary>
    public bool TryWriteRRset(LookupResult result, in SectionEntry entry, ReplySection section)
    {
        int mark = _position, names = _names.Count;
        RRset set = entry.Set;
        ReadOnlySpan<byte> owner = result.OwnerOf(entry);
        int records = 0;
        if (entry.SynthesizedCname)
        {
            if (!TryWriteOne(owner, RRType.CNAME, set.Class, entry.Ttl, result.TargetOf(entry))) return false;
            records = 1;
        }
        else
        {
            foreach (ReadOnlySpan<byte> rdata in set)
            {
                if (!TryWriteOne(owner, set.Type, set.Class, entry.Ttl, rdata))
                {
                    _position = mark;
                    _names.Truncate(names);
                    return false;
                }
                records++;
            }
        }
        Count(section, records);
        return true;
    }

    /// <summary>Writes one record into <paramref name="section"/>; on failure the position is left where it was.</summary>
    public bool TryWriteRecord(scoped ReadOnlySpan<byte> owner, ushort type, ushort @class, uint ttl, scoped ReadOnlySpan<byte> rdata,
        ReplySection section)
    {
        if (!TryWriteOne(owner, type, @class, ttl, rdata)) return false;
        Count(section, 1);
        return true;
    }

    private void Count(ReplySection section, int records)
    {
        switch (section)
        {
            case ReplySection.Answer:
                _answers += records;
                break;
            case ReplySection.Authority:
                _authorities += records;
                break;
            default:
                _additionals += records;
                break;
        }
    }

    /// <summary>Writes one record (not counted); on failure the position is left where it was.</summary>
    private bool TryWriteOne(scoped ReadOnlySpan<byte> owner, ushort type, ushort @class, uint ttl, scoped ReadOnlySpan<byte> rdata)
    {
        int mark = _position, names = _names.Count;
        if (TryWriteRecordCore(owner, type, @class, ttl, rdata)) return true;
        _position = mark;
        _names.Truncate(names);
        return false;
    }

    private bool TryWriteRecordCore(scoped ReadOnlySpan<byte> owner, ushort type, ushort @class, uint ttl, scoped ReadOnlySpan<byte> rdata)
    {
        if (!TryWriteName(owner, compress: true)) return false;
        if (_position + 10 > Limit) return false;
        Span<byte> fixedPart = _buffer.Slice(_position, 10);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart[2..], @class);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], ttl);
        int rdLengthAt = _position + 8;
        _position += 10;
        int rdataStart = _position;
        if (!TryWriteRdata(type, rdata)) return false;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[rdLengthAt..], (ushort)(_position - rdataStart));
        return true;
    }

    private bool TryWriteRdata(ushort type, scoped ReadOnlySpan<byte> rdata)
    {
        switch (type)
        {
            case RRType.NS:
            case RRType.CNAME:
            case RRType.PTR:
            {
                ReadOnlySpan<byte> target = NameAt(rdata, 0, out int end);
                EnsureConsumed(rdata, end, type);
                return TryWriteName(target, compress: true);
            }
            case RRType.MX:
            {
                ReadOnlySpan<byte> exchange = NameAt(rdata, 2, out int end);
                EnsureConsumed(rdata, end, type);
                return TryCopy(rdata[..2]) && TryWriteName(exchange, compress: true);
            }
            case RRType.SOA:
            {
                ReadOnlySpan<byte> mname = NameAt(rdata, 0, out int rnameAt);
                ReadOnlySpan<byte> rname = NameAt(rdata, rnameAt, out int numbersAt);
                EnsureConsumed(rdata, numbersAt + 20, type);
                return TryWriteName(mname, compress: true) && TryWriteName(rname, compress: true) && TryCopy(rdata[numbersAt..]);
            }
            default:
                return TryCopy(rdata);
        }
    }

    private static ReadOnlySpan<byte> NameAt(ReadOnlySpan<byte> rdata, int offset, out int end)
    {
        int length = offset < rdata.Length ? DnsName.Measure(rdata[offset..]) : -1;
        if (length < 0) throw new InvalidDataException("RDATA holds a malformed domain name");
        end = offset + length;
        return rdata.Slice(offset, length);
    }

    private static void EnsureConsumed(ReadOnlySpan<byte> rdata, int consumed, ushort type)
    {
        if (consumed != rdata.Length) throw new InvalidDataException($"malformed RDATA for type {type}");
    }

    private bool TryCopy(scoped ReadOnlySpan<byte> bytes)
    {
        if (_position + bytes.Length > Limit) return false;
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
        return true;
    }

    /// <summary>Writes an uncompressed wire name (exactly its length), compressing against earlier names when asked.</summary>
    private bool TryWriteName(scoped ReadOnlySpan<byte> name, bool compress)
    {
        int n = 0;
        while (true)
        {
            int len = name[n];
            if (len == 0)
            {
                if (_position + 1 > Limit) return false;
                _buffer[_position++] = 0;
                return true;
            }
            if (compress)
            {
                int target = _names.Find(_buffer[.._position], name[n..]);
                if (target >= 0)
                {
                    if (_position + 2 > Limit) return false;
                    _buffer[_position] = (byte)(0xC0 | (target >> 8));
                    _buffer[_position + 1] = (byte)target;
                    _position += 2;
                    return true;
                }
            }
            if (_position + 1 + len > Limit) return false;
            if (compress) _names.Add(_position, name.Length - n);
            name.Slice(n, len + 1).CopyTo(_buffer[_position..]);
            _position += len + 1;
            n += len + 1;
        }
    }

    /// <summary>
    /// Releases the space reserved for the OPT and, when the query had one, writes ours
    /// (RFC 6891 §6.1.2): version 0, our UDP payload size, the DO bit echoed, the upper bits of
    /// <paramref name="rcode"/>, NSID when one was granted to the reply, the client subnet option
    /// (RFC 7871 §7.2.1: FAMILY, SOURCE PREFIX-LENGTH and ADDRESS of the query, SCOPE PREFIX-LENGTH
    /// of <paramref name="ecs"/>) when the query had a valid one, and the COOKIE option (RFC 7873
    /// §5.2: the client cookie and our server cookie) when the query had one and cookies are on.
    /// Records written after it (TSIG) go to the additional section after the OPT.
    /// </summary>
    public void WriteOpt(int rcode, in ClientSubnet ecs)
    {
        Limit = _buffer.Length;
        if (!_hasEdns) return;
        int ecsLength = _hasEcs ? ecs.OptionDataLength : 0;
        int length = OptLength(_nsid.Length, ecsLength, _cookie.Length);
        if (_position + length > Limit) return;
        Span<byte> opt = _buffer.Slice(_position, length);
        opt[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[1..], RRType.OPT);
        BinaryPrimitives.WriteUInt16BigEndian(opt[3..], (ushort)_udpPayloadSize);
        opt[5] = (byte)(rcode >> 4);
        opt[6] = 0;
        opt[7] = _dnssecOk ? (byte)0x80 : (byte)0;
        opt[8] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[9..], (ushort)(length - OptFixedLength));
        Span<byte> option = opt[OptFixedLength..];
        if (_nsid.Length > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(option, EdnsOptionCode.Nsid);
            BinaryPrimitives.WriteUInt16BigEndian(option[2..], (ushort)_nsid.Length);
            _nsid.CopyTo(option[4..]);
            option = option[(4 + _nsid.Length)..];
        }
        if (_hasEcs)
        {
            BinaryPrimitives.WriteUInt16BigEndian(option, EdnsOptionCode.ClientSubnet);
            BinaryPrimitives.WriteUInt16BigEndian(option[2..], (ushort)ecsLength);
            BinaryPrimitives.WriteUInt16BigEndian(option[4..], ecs.Family);
            option[6] = ecs.SourcePrefix;
            option[7] = ecs.ScopePrefix;
            ecs.WriteAddress(option[8..]);
            option = option[(4 + ecsLength)..];
        }
        if (_cookie.Length > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(option, EdnsOptionCode.Cookie);
            BinaryPrimitives.WriteUInt16BigEndian(option[2..], (ushort)_cookie.Length);
            _cookie.CopyTo(option[4..]);
        }
        _position += length;
        _additionals++;
    }

    /// <summary>
    /// Finishes the reply: writes the header (ID and opcode copied, QR=1, RD copied, RA never, AA
    /// and TC as given, AD and CD clear, the low 4 bits of <paramref name="rcode"/>, the section
    /// counts), notes the rcode and TC in the worker's <see cref="QueryOutcome"/>, and returns the
    /// message length. CD is not copied: RFC 4035 §3.1.6 says a name server SHOULD clear it when
    /// composing an authoritative response (the copy rule of §3 / §3.2.2 is for recursive service,
    /// which we never offer), and Knot and NSD clear it.
    /// </summary>
    public readonly int Finish(int rcode, bool authoritative, bool truncated)
    {
        Span<byte> header = _buffer[..ParsedQuery.HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(header, _id);
        int flags = 0x8000 | (_flags & 0x7800) | (_flags & 0x0100) | (rcode & 0xF);
        if (authoritative) flags |= 0x0400;
        if (truncated) flags |= 0x0200;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)_questions);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)_answers);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)_authorities);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)_additionals);
        _outcome.RCode = rcode;
        _outcome.Truncated = truncated;
        return _position;
    }
}
