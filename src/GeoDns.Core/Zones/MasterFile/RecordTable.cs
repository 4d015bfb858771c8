using GeoDns.Core.Dns;


namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// The records of one parse in compact form: one 32-byte struct per record in fixed-size blocks,
/// and every RDATA packed into shared byte blocks (an arena), so a million-record zone costs a few
/// dozen large arrays instead of two or three small objects per record, and nothing is copied as
/// the table grows (the first block of each starts small and doubles, so a small zone stays small).
/// Owners are shared arrays (consecutive records of one name share one).
/// <see cref="ZoneRecord"/> objects are made only when someone asks for them
/// (<see cref="ToZoneRecords"/>); the zone builder reads the table directly. The parser accepts
/// only class IN, so no class is stored.
/// </summary>
internal sealed class RecordTable
{
    private const int EntryBlockBits = 15;                  // 32768 entries (1 MB) per block
    private const int EntryBlockSize = 1 << EntryBlockBits;
    private const int RdataBlockBits = 20;                  // 1 MB of RDATA per block
    private const int RdataBlockSize = 1 << RdataBlockBits;
    private const int NoRegion = -1;

    private readonly List<Entry[]> _entries = [];
    private readonly List<byte[]> _rdata = [];
    private readonly List<string> _files = [];
    private readonly List<string> _regions = [];
    private int _rdataUsed;
    private string? _lastFile;
    private int _lastFileIndex;
    private string? _lastRegion;
    private int _lastRegionIndex = NoRegion;

    public int Count { get; private set; }

    /// <summary>True once <see cref="Release"/> has dropped the records.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>
    /// Drops every record so their memory can be reclaimed while the zone is being built (the zone
    /// builder calls this once it has copied what it needs; the table is unusable afterwards).
    /// </summary>
    public void Release()
    {
        _entries.Clear();
        _rdata.Clear();
        Count = 0;
        IsReleased = true;
    }

    public void Add(byte[] owner, ushort type, uint ttl, ReadOnlySpan<byte> rdata, string? region, SourceLocation location)
    {
        if (rdata.Length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(rdata), "RDATA longer than 65535 bytes");
        int rdataOffset = AppendRdata(rdata);
        int block = Count >> EntryBlockBits, slot = Count & (EntryBlockSize - 1);
        if (block == _entries.Count) _entries.Add(new Entry[block == 0 ? 64 : EntryBlockSize]);
        else if (slot == _entries[block].Length) _entries[block] = Grow(_entries[block], slot + 1, EntryBlockSize);
        _entries[block][slot] = new Entry
        {
            Owner = owner,
            RdataOffset = rdataOffset,
            Ttl = ttl,
            Line = location.Line,
            Column = location.Column,
            Type = type,
            RdataLength = (ushort)rdata.Length,
            Region = (short)RegionIndex(region),
            File = (ushort)FileIndex(location.File),
        };
        Count++;
    }

    public byte[] Owner(int index) => At(index).Owner;

    public ushort Type(int index) => At(index).Type;

    public uint Ttl(int index) => At(index).Ttl;

    public void SetTtl(int index, uint ttl) => _entries[index >> EntryBlockBits][index & (EntryBlockSize - 1)].Ttl = ttl;

    public ReadOnlySpan<byte> Rdata(int index)
    {
        ref readonly Entry e = ref At(index);
        return _rdata[e.RdataOffset >> RdataBlockBits].AsSpan(e.RdataOffset & (RdataBlockSize - 1), e.RdataLength);
    }

    /// <summary>The <c>$REGION</c> of the record as an index into <see cref="RegionNames"/>, or -1.</summary>
    public int Region(int index) => At(index).Region;

    /// <summary>Region names used by records, in order of first use (includes names the parser rejected).</summary>
    public IReadOnlyList<string> RegionNames => _regions;

    public SourceLocation Location(int index)
    {
        ref readonly Entry e = ref At(index);
        return new SourceLocation(_files[e.File], e.Line, e.Column);
    }

    /// <summary>Every record as a <see cref="ZoneRecord"/> (for the public parse result; not used when loading a zone).</summary>
    public ZoneRecord[] ToZoneRecords()
    {
        if (IsReleased) throw new InvalidOperationException("the records were released to the zone builder");
        var records = new ZoneRecord[Count];
        for (int i = 0; i < records.Length; i++)
        {
            ref readonly Entry e = ref At(i);
            records[i] = new ZoneRecord(
                e.Owner,
                e.Type,
                RRClass.IN,
                e.Ttl,
                Rdata(i).ToArray(),
                e.Region == NoRegion ? null : _regions[e.Region],
                Location(i));
        }
        return records;
    }

    /// <summary>Copies RDATA into the arena; returns block &lt;&lt; RdataBlockBits | offset. A record never spans blocks.</summary>
    private int AppendRdata(ReadOnlySpan<byte> rdata)
    {
        if (_rdata.Count == 0) _rdata.Add(new byte[Math.Max(4096, rdata.Length)]);
        var current = _rdata[^1];
        int needed = _rdataUsed + rdata.Length;
        if (needed > current.Length)
        {
            if (_rdata.Count == 1 && needed <= RdataBlockSize)
            {
                current = _rdata[0] = Grow(current, needed, RdataBlockSize);
            }
            else
            {
                current = new byte[RdataBlockSize];
                _rdata.Add(current);
                _rdataUsed = 0;
            }
        }
        int offset = ((_rdata.Count - 1) << RdataBlockBits) | _rdataUsed;
        rdata.CopyTo(current.AsSpan(_rdataUsed));
        _rdataUsed += rdata.Length;
        return offset;
    }

    /// <summary>A copy of <paramref name="array"/> at least <paramref name="needed"/> long: double, capped at <paramref name="max"/>.</summary>
    private static T[] Grow<T>(T[] array, int needed, int max)
    {
        var bigger = new T[Math.Min(max, Math.Max(needed, array.Length * 2))];
        array.CopyTo(bigger, 0);
        return bigger;
    }

    private ref readonly Entry At(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return ref _entries[index >> EntryBlockBits][index & (EntryBlockSize - 1)];
    }

    private int RegionIndex(string? region)
    {
        if (region is null) return NoRegion;
        if (ReferenceEquals(region, _lastRegion)) return _lastRegionIndex;
        int index = _regions.IndexOf(region);
        if (index < 0)
        {
            if (_regions.Count == short.MaxValue) throw new InvalidOperationException("too many $REGION names");
            index = _regions.Count;
            _regions.Add(region);
        }
        _lastRegion = region;
        _lastRegionIndex = index;
        return index;
    }

    private int FileIndex(string file)
    {
        if (ReferenceEquals(file, _lastFile)) return _lastFileIndex;
        int index = _files.IndexOf(file);
        if (index < 0)
        {
            if (_files.Count == ushort.MaxValue) throw new InvalidOperationException("too many included files");
            index = _files.Count;
            _files.Add(file);
        }
        _lastFile = file;
        _lastFileIndex = index;
        return index;
    }

    private struct Entry
    {
        public byte[] Owner;
        public int RdataOffset;     // block << RdataBlockBits | offset in block
        public uint Ttl;
        public int Line;
        public int Column;
        public ushort Type;
        public ushort RdataLength;
        public short Region;        // index into _regions, or NoRegion
        public ushort File;         // index into _files
    }
}
