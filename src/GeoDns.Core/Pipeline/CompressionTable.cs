using GeoDns.Core.Dns;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// Names already written into the response being built, as (offset, uncompressed length of the
/// name from that offset). Fixed capacity and reused for every query: when it is full, later
/// names are simply not offered as compression targets. Matching is case-insensitive.
/// </summary>
internal sealed class CompressionTable
{
    public const int Capacity = 256;
    /// <summary>Compression pointers have 14 bits of offset.</summary>
    public const int MaxPointerOffset = 0x3FFF;

    private readonly ushort[] _offsets = new ushort[Capacity];
    private readonly byte[] _lengths = new byte[Capacity];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Forgets the entries added after <paramref name="count"/> entries (rollback of a dropped RRset).</summary>
    public void Truncate(int count)
    {
        if (count < Count) Count = count;
    }

    public void Add(int offset, int nameLength)
    {
        if (Count < Capacity && offset <= MaxPointerOffset)
        {
            _offsets[Count] = (ushort)offset;
            _lengths[Count] = (byte)nameLength;
            Count++;
        }
    }

    /// <summary>Offset of an earlier occurrence of <paramref name="name"/> in <paramref name="message"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_lengths[i] == name.Length && NameEqualsAt(message, _offsets[i], name)) return _offsets[i];
        }
        return -1;
    }

    /// <summary>Compares the (possibly compressed) name at <paramref name="offset"/> with an uncompressed name, ignoring ASCII case.</summary>
    private static bool NameEqualsAt(ReadOnlySpan<byte> message, int offset, ReadOnlySpan<byte> name)
    {
        int p = offset, n = 0;
        while (true)
        {
            int len = message[p];
            if ((len & 0xC0) == 0xC0)
            {
                p = ((len & 0x3F) << 8) | message[p + 1];
                continue;
            }
            if (len != name[n]) return false;
            if (len == 0) return true;
            for (int k = 1; k <= len; k++)
            {
                if (message[p + k] != name[n + k] && DnsName.ToLower(message[p + k]) != DnsName.ToLower(name[n + k])) return false;
            }
            p += len + 1;
            n += len + 1;
        }
    }
}
