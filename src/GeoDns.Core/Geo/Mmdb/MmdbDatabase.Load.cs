using System.Buffers.Binary;
using System.Numerics;

namespace GeoDns.Core.Geo.Mmdb;

public sealed partial class MmdbDatabase
{
    /// <summary>
    /// Reads and decodes the database file. Throws <see cref="InvalidDataException"/> naming the
    /// file when it is not a usable MaxMind DB, <see cref="IOException"/> when it cannot be read.
    /// </summary>
    public static MmdbDatabase Open(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return Load(data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Decodes a database held in memory (the array is not kept).</summary>
    public static MmdbDatabase Load(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ReadOnlySpan<byte> file = data;

        int windowStart = Math.Max(0, file.Length - MmdbFormat.MetadataSearchWindow);
        int marker = file[windowStart..].LastIndexOf(MmdbFormat.MetadataMarker);
        if (marker < 0)
        {
            throw new InvalidDataException("not a MaxMind DB (no metadata marker \\xAB\\xCD\\xEFMaxMind.com near the end of the data)");
        }

        marker += windowStart;
        Metadata metadata = ReadMetadata(file[(marker + MmdbFormat.MetadataMarker.Length)..]);

        long treeSize = (long)metadata.NodeCount * metadata.RecordSize / 4;
        long dataStart = treeSize + MmdbFormat.DataSectionSeparator;
        if (dataStart > marker)
        {
            throw new InvalidDataException(
                $"not a valid MaxMind DB: node_count {metadata.NodeCount} with record_size {metadata.RecordSize} needs {dataStart} bytes before the metadata, there are {marker}");
        }

        ReadOnlySpan<byte> dataSection = file[(int)dataStart..marker];
        uint nodeCount = metadata.NodeCount;
        uint[] tree = ReadTree(file[..(int)treeSize], nodeCount, metadata.RecordSize, dataSection.Length);

        // Every data offset the tree uses, as a bitmap over the data section; the rank of an offset
        // among the set bits is its index in the sorted list of offsets.
        ulong[] used = new ulong[(dataSection.Length + 63) / 64 + 1];
        foreach (uint record in tree)
        {
            if (record > nodeCount)
            {
                uint offset = record - nodeCount - MmdbFormat.DataSectionSeparator;
                used[offset >> 6] |= 1UL << (int)(offset & 63);
            }
        }

        int[] rankBefore = new int[used.Length];
        int distinct = 0;
        for (int w = 0; w < used.Length; w++)
        {
            rankBefore[w] = distinct;
            distinct += BitOperations.PopCount(used[w]);
        }

        // Decode each distinct record; equal locations share an id.
        int[] idByRank = new int[distinct];
        var ids = new Dictionary<GeoLocation, int>();
        var locations = new List<GeoLocation>();
        int rank = 0;
        for (int w = 0; w < used.Length; w++)
        {
            for (ulong bits = used[w]; bits != 0; bits &= bits - 1)
            {
                int offset = (w << 6) | BitOperations.TrailingZeroCount(bits);
                GeoLocation location = ReadLocation(dataSection, offset);
                if (!ids.TryGetValue(location, out int id))
                {
                    id = locations.Count;
                    ids.Add(location, id);
                    locations.Add(location);
                }

                idByRank[rank++] = id;
            }
        }

        for (int i = 0; i < tree.Length; i++)
        {
            uint record = tree[i];
            if (record > nodeCount)
            {
                uint offset = record - nodeCount - MmdbFormat.DataSectionSeparator;
                int word = (int)(offset >> 6);
                int r = rankBefore[word] + BitOperations.PopCount(used[word] & ((1UL << (int)(offset & 63)) - 1));
                tree[i] = nodeCount + 1 + (uint)idByRank[r];
            }
        }

        tree = Relayout(tree, nodeCount);
        return new MmdbDatabase(tree, nodeCount, [.. locations], metadata.IpVersion, metadata.RecordSize,
            DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(metadata.BuildEpoch, 253402300799UL)), metadata.DatabaseType);
    }

    /// <summary>
    /// Renumbers the nodes so that each node and its descendants two levels down (up to 7 nodes,
    /// 56 bytes) are stored together: a walk then touches a new cache line about every third
    /// step instead of every step. Nodes not reachable from the root keep their place at the end.
    /// </summary>
    private static uint[] Relayout(uint[] tree, uint nodeCount)
    {
        const uint Unassigned = uint.MaxValue;
        var newIndex = new uint[nodeCount];
        Array.Fill(newIndex, Unassigned);
        var roots = new Queue<uint>();
        Span<uint> block = stackalloc uint[7];
        Span<int> level = stackalloc int[7];
        uint next = 0;
        roots.Enqueue(0);
        while (roots.Count > 0)
        {
            uint root = roots.Dequeue();
            if (newIndex[root] != Unassigned)
            {
                continue;
            }

            int count = 0;
            block[count] = root;
            level[count++] = 0;
            newIndex[root] = next++;
            for (int i = 0; i < count; i++)
            {
                uint node = block[i];
                for (int side = 0; side < 2; side++)
                {
                    uint child = tree[(node * 2) + (uint)side];
                    if (child >= nodeCount || newIndex[child] != Unassigned)
                    {
                        continue;
                    }

                    if (level[i] < 2)
                    {
                        block[count] = child;
                        level[count++] = level[i] + 1;
                        newIndex[child] = next++;
                    }
                    else
                    {
                        roots.Enqueue(child);
                    }
                }
            }
        }

        for (uint node = 0; node < nodeCount; node++)
        {
            if (newIndex[node] == Unassigned)
            {
                newIndex[node] = next++;
            }
        }

        var result = new uint[tree.Length];
        for (uint node = 0; node < nodeCount; node++)
        {
            uint target = newIndex[node] * 2;
            uint left = tree[node * 2];
            uint right = tree[(node * 2) + 1];
            result[target] = left < nodeCount ? newIndex[left] : left;
            result[target + 1] = right < nodeCount ? newIndex[right] : right;
        }

        return result;
    }

    private static uint[] ReadTree(ReadOnlySpan<byte> bytes, uint nodeCount, int recordSize, int dataLength)
    {
        var tree = new uint[(long)nodeCount * 2];
        int nodeBytes = recordSize / 4;
        ulong maxRecord = (ulong)nodeCount + MmdbFormat.DataSectionSeparator + (ulong)dataLength;
        for (int node = 0, pos = 0; node < nodeCount; node++, pos += nodeBytes)
        {
            ReadOnlySpan<byte> span = bytes.Slice(pos, nodeBytes);
            uint left;
            uint right;
            switch (recordSize)
            {
                case 24:
                    left = (uint)(span[0] << 16 | span[1] << 8 | span[2]);
                    right = (uint)(span[3] << 16 | span[4] << 8 | span[5]);
                    break;
                case 28:
                    left = (uint)((span[3] & 0xF0) << 20 | span[0] << 16 | span[1] << 8 | span[2]);
                    right = (uint)((span[3] & 0x0F) << 24 | span[4] << 16 | span[5] << 8 | span[6]);
                    break;
                default:
                    left = BinaryPrimitives.ReadUInt32BigEndian(span);
                    right = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
                    break;
            }

            CheckRecord(node, left, nodeCount, maxRecord);
            CheckRecord(node, right, nodeCount, maxRecord);
            tree[node * 2] = left;
            tree[(node * 2) + 1] = right;
        }

        return tree;
    }

    private static void CheckRecord(int node, uint record, uint nodeCount, ulong maxRecord)
    {
        if (record > nodeCount && (record < nodeCount + MmdbFormat.DataSectionSeparator || record >= maxRecord))
        {
            throw new InvalidDataException(
                $"not a valid MaxMind DB: search tree node {node} has record {record}, outside the nodes ({nodeCount}) and the data section");
        }
    }

    private static GeoLocation ReadLocation(ReadOnlySpan<byte> data, int offset)
    {
        try
        {
            return DecodeLocation(data, offset);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"not a valid MaxMind DB: data record at offset {offset}: {e.Message}", e);
        }
    }

    private static GeoLocation DecodeLocation(ReadOnlySpan<byte> data, int offset)
    {
        int pos = offset;
        int cursor = MmdbDecoder.Open(data, ref pos, out MmdbType type, out int size, out _);
        if (type != MmdbType.Map)
        {
            throw new InvalidDataException($"a {type}, not a map");
        }

        string? continent = null;
        string? country = null;
        string? subdivision = null;
        double? latitude = null;
        double? longitude = null;
        for (int i = 0; i < size; i++)
        {
            ReadOnlySpan<byte> key = MmdbDecoder.ReadKey(data, ref cursor);
            if (key.SequenceEqual("continent"u8))
            {
                continent = ReadMapString(data, ref cursor, "code"u8);
            }
            else if (key.SequenceEqual("country"u8))
            {
                country = ReadMapString(data, ref cursor, "iso_code"u8);
            }
            else if (key.SequenceEqual("subdivisions"u8))
            {
                subdivision = ReadFirstSubdivision(data, ref cursor);
            }
            else if (key.SequenceEqual("location"u8))
            {
                ReadCoordinates(data, ref cursor, out latitude, out longitude);
            }
            else
            {
                MmdbDecoder.Skip(data, ref cursor);
            }
        }

        if (latitude is null || longitude is null)
        {
            latitude = longitude = null;
        }

        return new GeoLocation(continent, country, subdivision is null || country is null ? null : country + "-" + subdivision,
            latitude, longitude);
    }

    /// <summary>Reads <c>{ key: "string", ... }</c> at <paramref name="pos"/>; null when it is not a map or has no such string.</summary>
    private static string? ReadMapString(ReadOnlySpan<byte> data, ref int pos, ReadOnlySpan<byte> wanted)
    {
        int start = pos;
        int cursor = MmdbDecoder.Open(data, ref pos, out MmdbType type, out int size, out bool inline);
        if (type != MmdbType.Map)
        {
            pos = start;
            MmdbDecoder.Skip(data, ref pos);
            return null;
        }

        string? value = null;
        for (int i = 0; i < size; i++)
        {
            if (MmdbDecoder.ReadKey(data, ref cursor).SequenceEqual(wanted))
            {
                value = MmdbDecoder.ReadString(data, ref cursor);
            }
            else
            {
                MmdbDecoder.Skip(data, ref cursor);
            }
        }

        if (inline)
        {
            pos = cursor;
        }

        return value;
    }

    private static string? ReadFirstSubdivision(ReadOnlySpan<byte> data, ref int pos)
    {
        int start = pos;
        int cursor = MmdbDecoder.Open(data, ref pos, out MmdbType type, out int size, out bool inline);
        if (type != MmdbType.Array)
        {
            pos = start;
            MmdbDecoder.Skip(data, ref pos);
            return null;
        }

        string? value = null;
        for (int i = 0; i < size; i++)
        {
            if (i == 0)
            {
                value = ReadMapString(data, ref cursor, "iso_code"u8);
            }
            else
            {
                MmdbDecoder.Skip(data, ref cursor);
            }
        }

        if (inline)
        {
            pos = cursor;
        }

        return value;
    }

    private static void ReadCoordinates(ReadOnlySpan<byte> data, ref int pos, out double? latitude, out double? longitude)
    {
        latitude = longitude = null;
        int start = pos;
        int cursor = MmdbDecoder.Open(data, ref pos, out MmdbType type, out int size, out bool inline);
        if (type != MmdbType.Map)
        {
            pos = start;
            MmdbDecoder.Skip(data, ref pos);
            return;
        }

        for (int i = 0; i < size; i++)
        {
            ReadOnlySpan<byte> key = MmdbDecoder.ReadKey(data, ref cursor);
            if (key.SequenceEqual("latitude"u8))
            {
                latitude = MmdbDecoder.ReadNumber(data, ref cursor);
            }
            else if (key.SequenceEqual("longitude"u8))
            {
                longitude = MmdbDecoder.ReadNumber(data, ref cursor);
            }
            else
            {
                MmdbDecoder.Skip(data, ref cursor);
            }
        }

        if (inline)
        {
            pos = cursor;
        }
    }

    private static Metadata ReadMetadata(ReadOnlySpan<byte> section)
    {
        ulong? nodeCount = null, recordSize = null, ipVersion = null, major = null, buildEpoch = null;
        string? databaseType = null;
        try
        {
            int pos = 0;
            int cursor = MmdbDecoder.Open(section, ref pos, out MmdbType type, out int size, out _);
            if (type != MmdbType.Map)
            {
                throw new InvalidDataException($"the metadata is a {type}, not a map");
            }

            for (int i = 0; i < size; i++)
            {
                ReadOnlySpan<byte> key = MmdbDecoder.ReadKey(section, ref cursor);
                if (key.SequenceEqual("node_count"u8))
                {
                    nodeCount = MmdbDecoder.ReadUInt64(section, ref cursor);
                }
                else if (key.SequenceEqual("record_size"u8))
                {
                    recordSize = MmdbDecoder.ReadUInt64(section, ref cursor);
                }
                else if (key.SequenceEqual("ip_version"u8))
                {
                    ipVersion = MmdbDecoder.ReadUInt64(section, ref cursor);
                }
                else if (key.SequenceEqual("binary_format_major_version"u8))
                {
                    major = MmdbDecoder.ReadUInt64(section, ref cursor);
                }
                else if (key.SequenceEqual("build_epoch"u8))
                {
                    buildEpoch = MmdbDecoder.ReadUInt64(section, ref cursor);
                }
                else if (key.SequenceEqual("database_type"u8))
                {
                    databaseType = MmdbDecoder.ReadString(section, ref cursor);
                }
                else
                {
                    MmdbDecoder.Skip(section, ref cursor);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"not a valid MaxMind DB: unreadable metadata: {e.Message}", e);
        }

        if (major != 2)
        {
            throw new InvalidDataException($"not a supported MaxMind DB: binary_format_major_version is {Show(major)}, expected 2");
        }

        if (recordSize is not (24 or 28 or 32))
        {
            throw new InvalidDataException($"not a valid MaxMind DB: record_size is {Show(recordSize)}, expected 24, 28 or 32");
        }

        if (ipVersion is not (4 or 6))
        {
            throw new InvalidDataException($"not a valid MaxMind DB: ip_version is {Show(ipVersion)}, expected 4 or 6");
        }

        if (nodeCount is null or 0 or > int.MaxValue / 2)
        {
            throw new InvalidDataException($"not a valid MaxMind DB: node_count is {Show(nodeCount)}");
        }

        return new Metadata((uint)nodeCount.Value, (int)recordSize.Value, (int)ipVersion.Value, buildEpoch ?? 0, databaseType ?? "");
    }

    private static string Show(ulong? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing";

    private readonly record struct Metadata(uint NodeCount, int RecordSize, int IpVersion, ulong BuildEpoch, string DatabaseType);
}
