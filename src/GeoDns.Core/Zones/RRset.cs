namespace GeoDns.Core.Zones;

/// <summary>
/// An immutable RRset, pre-encoded at load time so the response writer only copies bytes.
/// <see cref="Records"/> holds, for each record in order, a 2-byte big-endian RDLENGTH followed
/// by the RDATA in uncompressed wire form. The writer compresses the names inside RDATA of the
/// RFC 1035 types (NS, CNAME, PTR, MX, SOA) itself; every other type is copied verbatim.
/// </summary>
public sealed class RRset
{
    public RRset(byte[] owner, ushort type, ushort @class, uint ttl, byte[] records, int count, int region = NoRegion)
    {
        Owner = owner;
        Type = type;
        Class = @class;
        Ttl = ttl;
        Records = records;
        Count = count;
        Region = region;
    }

    /// <summary>Region index of a <c>$REGION</c> RRset; <see cref="NoRegion"/> for region-less data.</summary>
    public const int NoRegion = -1;

    /// <summary>Lower-cased uncompressed wire-format owner name.</summary>
    public byte[] Owner { get; }
    public ushort Type { get; }
    public ushort Class { get; }
    public uint Ttl { get; }
    /// <summary>Concatenated (RDLENGTH, RDATA) pairs, <see cref="Count"/> of them.</summary>
    public byte[] Records { get; }
    public int Count { get; }
    public int Region { get; }

    /// <summary>
    /// For MX, SRV and NS sets of a built zone: per record, where the addresses of its target name
    /// are (computed at load time so the query path does no name lookups for in-zone targets);
    /// null for sets made elsewhere, which are resolved at query time.
    /// </summary>
    internal AdditionalTarget[]? Targets { get; set; }

    /// <summary>Enumerates the RDATA of each record (without the RDLENGTH prefix).</summary>
    public RdataEnumerator GetEnumerator() => new(Records);

    public ref struct RdataEnumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _next;

        internal RdataEnumerator(ReadOnlySpan<byte> data)
        {
            _data = data;
            _next = 0;
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= _data.Length) return false;
            int len = (_data[_next] << 8) | _data[_next + 1];
            Current = _data.Slice(_next + 2, len);
            _next += 2 + len;
            return true;
        }
    }
}
