using System.Buffers.Binary;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>One decoded record: owner and the names inside RFC 1035 RDATA are decompressed.</summary>
internal sealed record DecodedRecord(byte[] Owner, ushort Type, ushort Class, uint Ttl, byte[] Rdata, int RdataOffset, int WireRdataLength)
{
    public string OwnerText => DnsName.ToString(Owner);
}

/// <summary>
/// An independent decoder for responses, strict about compression pointers: each must point
/// backwards to the start of a name or label inside the message.
/// </summary>
internal sealed class ResponseReader
{
    private readonly byte[] _message;

    public ResponseReader(ReadOnlySpan<byte> message)
    {
        _message = message.ToArray();
        Assert.True(_message.Length >= 12, "response shorter than a header");
        Id = BinaryPrimitives.ReadUInt16BigEndian(_message);
        Flags = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(2));
        int qd = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(4));
        int an = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(6));
        int ns = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(8));
        int ar = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(10));
        int pos = 12;
        Assert.InRange(qd, 0, 1);
        if (qd == 1)
        {
            int start = pos;
            ReadName(ref pos);
            pos += 4;
            Question = _message[start..pos];
        }
        Answer = ReadSection(ref pos, an);
        Authority = ReadSection(ref pos, ns);
        Additional = ReadSection(ref pos, ar);
        Assert.Equal(_message.Length, pos);
    }

    public byte[] Bytes => _message;
    public int Length => _message.Length;
    public ushort Id { get; }
    public ushort Flags { get; }
    public bool Qr => (Flags & 0x8000) != 0;
    public int Opcode => (Flags >> 11) & 0xF;
    public bool Aa => (Flags & 0x0400) != 0;
    public bool Tc => (Flags & 0x0200) != 0;
    public bool Rd => (Flags & 0x0100) != 0;
    public bool Ra => (Flags & 0x0080) != 0;
    public bool Ad => (Flags & 0x0020) != 0;
    public bool Cd => (Flags & 0x0010) != 0;
    public int HeaderRcode => Flags & 0xF;
    public byte[]? Question { get; }
    public List<DecodedRecord> Answer { get; }
    public List<DecodedRecord> Authority { get; }
    public List<DecodedRecord> Additional { get; }

    public DecodedRecord? Opt => Additional.SingleOrDefault(r => r.Type == RRType.OPT);
    /// <summary>Full rcode: header bits plus the OPT's extended bits.</summary>
    public int Rcode => HeaderRcode | (Opt is null ? 0 : (int)(Opt.Ttl >> 24) << 4);

    /// <summary>The EDNS options of the OPT as (code, data).</summary>
    public List<(ushort Code, byte[] Data)> OptOptions()
    {
        var list = new List<(ushort, byte[])>();
        byte[] rdata = Opt!.Rdata;
        for (int p = 0; p < rdata.Length;)
        {
            ushort code = BinaryPrimitives.ReadUInt16BigEndian(rdata.AsSpan(p));
            int len = BinaryPrimitives.ReadUInt16BigEndian(rdata.AsSpan(p + 2));
            list.Add((code, rdata.AsSpan(p + 4, len).ToArray()));
            p += 4 + len;
        }
        return list;
    }

    private List<DecodedRecord> ReadSection(ref int pos, int count)
    {
        var records = new List<DecodedRecord>();
        for (int i = 0; i < count; i++)
        {
            byte[] owner = ReadName(ref pos);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(pos));
            ushort @class = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(pos + 2));
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(_message.AsSpan(pos + 4));
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(_message.AsSpan(pos + 8));
            pos += 10;
            int rdataStart = pos, end = pos + rdLength;
            Assert.True(end <= _message.Length, "RDATA runs past the end");
            byte[] rdata = type switch
            {
                RRType.NS or RRType.CNAME or RRType.PTR => ReadName(ref pos),
                RRType.MX => [.. _message.AsSpan(pos, 2).ToArray(), .. Skip(ref pos, 2, ReadName)],
                RRType.SOA => [.. ReadName(ref pos), .. ReadName(ref pos), .. _message.AsSpan(pos, 20).ToArray()],
                _ => _message[pos..end],
            };
            if (type == RRType.SOA) pos += 20;
            if (type is not (RRType.NS or RRType.CNAME or RRType.PTR or RRType.MX or RRType.SOA)) pos = end;
            Assert.Equal(end, pos);
            records.Add(new DecodedRecord(owner, type, @class, ttl, rdata, rdataStart, rdLength));
        }
        return records;
    }

    private delegate byte[] NameReader(ref int pos);

    private static byte[] Skip(ref int pos, int count, NameReader reader)
    {
        pos += count;
        return reader(ref pos);
    }

    /// <summary>Reads a name at <paramref name="pos"/>, following backward pointers; advances past it.</summary>
    public byte[] ReadName(ref int pos)
    {
        var name = new List<byte>();
        int p = pos, hops = 0;
        bool jumped = false;
        int lowest = pos;
        while (true)
        {
            int len = _message[p];
            if ((len & 0xC0) == 0xC0)
            {
                int target = ((len & 0x3F) << 8) | _message[p + 1];
                Assert.True(target < lowest, $"pointer at {p} to {target} does not point backwards");
                Assert.True(++hops < 64, "pointer loop");
                if (!jumped) pos = p + 2;
                jumped = true;
                p = lowest = target;
                continue;
            }
            Assert.True(len <= 63, $"bad label length {len} at {p}");
            name.Add((byte)len);
            if (len == 0)
            {
                if (!jumped) pos = p + 1;
                Assert.True(name.Count <= 255);
                return [.. name];
            }
            name.AddRange(_message.AsSpan(p + 1, len).ToArray());
            p += len + 1;
        }
    }
}
