using System.Net;
using System.Net.Sockets;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>
/// Builds a MaxMind DB (format 2.0) in the GeoIP2-City schema from (network, location) entries:
/// <c>continent.code</c>, <c>country.iso_code</c>, <c>subdivisions[0].iso_code</c> (the part after
/// "CC-"), <c>location.latitude/longitude</c>. An IPv6 database (the default) stores IPv4 networks
/// under ::/96 and aliases ::ffff:0:0/96 to the same subtree, as MaxMind's databases do; an IPv4
/// database (<c>ipVersion</c> 4) takes IPv4 networks only. Where networks overlap the more
/// specific wins; the same network added twice keeps the last location. Equal locations are
/// stored once.
/// </summary>
public sealed class MmdbWriter
{
    public const string DefaultDatabaseType = "GeoDns-City";

    private readonly List<(UInt128 Address, int Prefix, int Location, int Order)> _entries = [];
    private readonly Dictionary<GeoLocation, int> _locationIds = [];
    private readonly List<GeoLocation> _locations = [];

    public MmdbWriter(string? databaseType = null, int ipVersion = 6)
    {
        if (ipVersion is not (4 or 6))
        {
            throw new ArgumentOutOfRangeException(nameof(ipVersion), ipVersion, "ip_version must be 4 or 6");
        }

        DatabaseType = string.IsNullOrEmpty(databaseType) ? DefaultDatabaseType : databaseType;
        IpVersion = ipVersion;
    }

    /// <summary>Metadata database_type.</summary>
    public string DatabaseType { get; }

    /// <summary>4 or 6: the address family of the search tree.</summary>
    public int IpVersion { get; }

    /// <summary>Metadata description (language "en").</summary>
    public string Description { get; set; } = "GeoDns geolocation database";

    /// <summary>Metadata build_epoch; defaults to the time of <see cref="Build"/>.</summary>
    public DateTimeOffset? BuildTime { get; set; }

    /// <summary>Forces record_size 24, 28 or 32 (tests of the record layouts); null picks the smallest that fits.</summary>
    internal int? ForcedRecordSize { get; set; }

    /// <summary>Number of networks added.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Adds a network. An IPv4-mapped IPv6 network (inside ::ffff:0:0/96) is stored as the IPv4
    /// network it maps. <see cref="GeoLocation.Subdivision"/> must be "CC-CODE" with CC equal to
    /// the country when both are given.
    /// </summary>
    public void Add(IPNetwork network, GeoLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        ValidateLocation(location);
        IPAddress baseAddress = network.BaseAddress;
        int prefix = network.PrefixLength;
        UInt128 address;
        if (baseAddress.AddressFamily == AddressFamily.InterNetworkV6 && baseAddress.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            baseAddress = baseAddress.MapToIPv4();
            prefix -= 96;
        }

        if (baseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            address = MmdbAddress.ToUInt128(baseAddress);
            if (IpVersion == 6)
            {
                prefix += 96;
            }
        }
        else if (IpVersion == 4)
        {
            throw new ArgumentException($"{network}: an IPv6 network cannot go into an IPv4 (ip_version 4) database", nameof(network));
        }
        else
        {
            address = MmdbAddress.ToUInt128(baseAddress);
        }

        if (!_locationIds.TryGetValue(location, out int id))
        {
            id = _locations.Count;
            _locationIds.Add(location, id);
            _locations.Add(location);
        }

        _entries.Add((address, prefix, id, _entries.Count));
    }

    /// <summary>Builds the database.</summary>
    public byte[] Build()
    {
        int bitCount = IpVersion == 6 ? 128 : 32;

        // Data section: every distinct location once.
        var data = new MmdbEncoder();
        var dataOffsets = new int[_locations.Count];
        for (int i = 0; i < _locations.Count; i++)
        {
            dataOffsets[i] = data.Length;
            WriteLocation(data, _locations[i]);
        }

        // Search tree: less specific networks first, so more specific ones split them and win.
        var trie = new MmdbTrie(bitCount);
        var ordered = _entries.ToArray();
        Array.Sort(ordered, static (a, b) => a.Prefix != b.Prefix ? a.Prefix.CompareTo(b.Prefix) : a.Order.CompareTo(b.Order));
        foreach (var entry in ordered)
        {
            trie.Insert(entry.Address, entry.Prefix, entry.Location);
        }

        if (IpVersion == 6 && HasIPv4Entries())
        {
            int ipv4Root = trie.EnsureNode(0, 96);
            trie.Alias(MmdbAddress.MappedPrefix, 96, ipv4Root);
        }

        trie.EnsureRootIsNode();
        int[] numbers = trie.NumberNodes(out int nodeCount);

        long maxRecord = (long)nodeCount + 16 + data.Length;
        int recordSize = maxRecord < 1L << 24 ? 24 : maxRecord < 1L << 28 ? 28 : maxRecord < 1L << 32 ? 32
            : throw new InvalidOperationException("database too large for a 32-bit record size");
        if (ForcedRecordSize is { } forced)
        {
            recordSize = forced >= recordSize && forced is 24 or 28 or 32
                ? forced
                : throw new InvalidOperationException($"record_size {forced} cannot hold this database");
        }

        int nodeBytes = recordSize / 4;

        var metadata = new MmdbEncoder();
        WriteMetadata(metadata, nodeCount, recordSize);

        byte[] output = new byte[(long)nodeCount * nodeBytes + 16 + data.Length + MmdbFormat.MetadataMarker.Length + metadata.Length];
        trie.WriteTree(output, numbers, nodeCount, recordSize, dataOffsets);
        int offset = nodeCount * nodeBytes + 16; // the 16-byte separator is already zero
        data.Written.CopyTo(output.AsSpan(offset));
        offset += data.Length;
        MmdbFormat.MetadataMarker.CopyTo(output.AsSpan(offset));
        offset += MmdbFormat.MetadataMarker.Length;
        metadata.Written.CopyTo(output.AsSpan(offset));
        return output;
    }

    /// <summary>Builds the database and writes it to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllBytes(path, Build());

    private bool HasIPv4Entries()
    {
        foreach (var entry in _entries)
        {
            if (entry.Prefix >= 96 && entry.Address >> 32 == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void ValidateLocation(GeoLocation location)
    {
        if (location.Subdivision is { } subdivision)
        {
            int dash = subdivision.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || dash == subdivision.Length - 1)
            {
                throw new ArgumentException($"subdivision '{subdivision}' is not an ISO 3166-2 code like US-CA", nameof(location));
            }

            if (location.Country is null || !subdivision.AsSpan(0, dash).Equals(location.Country, StringComparison.Ordinal))
            {
                throw new ArgumentException($"subdivision '{subdivision}' does not belong to country '{location.Country}'", nameof(location));
            }
        }

        if (location.Latitude.HasValue != location.Longitude.HasValue)
        {
            throw new ArgumentException("latitude and longitude go together", nameof(location));
        }
    }

    private static void WriteLocation(MmdbEncoder data, GeoLocation location)
    {
        int pairs = (location.Continent is null ? 0 : 1) + (location.Country is null ? 0 : 1)
            + (location.Latitude is null ? 0 : 1) + (location.Subdivision is null ? 0 : 1);
        data.WriteMap(pairs);
        if (location.Continent is { } continent)
        {
            data.WriteString("continent");
            data.WriteMap(1);
            data.WriteString("code");
            data.WriteString(continent);
        }

        if (location.Country is { } country)
        {
            data.WriteString("country");
            data.WriteMap(1);
            data.WriteString("iso_code");
            data.WriteString(country);
        }

        if (location is { Latitude: { } latitude, Longitude: { } longitude })
        {
            data.WriteString("location");
            data.WriteMap(2);
            data.WriteString("latitude");
            data.WriteDouble(latitude);
            data.WriteString("longitude");
            data.WriteDouble(longitude);
        }

        if (location.Subdivision is { } subdivision)
        {
            data.WriteString("subdivisions");
            data.WriteArray(1);
            data.WriteMap(1);
            data.WriteString("iso_code");
            data.WriteString(subdivision[(subdivision.IndexOf('-', StringComparison.Ordinal) + 1)..]);
        }
    }

    private void WriteMetadata(MmdbEncoder metadata, int nodeCount, int recordSize)
    {
        DateTimeOffset buildTime = BuildTime ?? DateTimeOffset.UtcNow;
        metadata.WriteMap(9);
        metadata.WriteString("binary_format_major_version");
        metadata.WriteUInt16(2);
        metadata.WriteString("binary_format_minor_version");
        metadata.WriteUInt16(0);
        metadata.WriteString("build_epoch");
        metadata.WriteUInt64((ulong)Math.Max(0, buildTime.ToUnixTimeSeconds()));
        metadata.WriteString("database_type");
        metadata.WriteString(DatabaseType);
        metadata.WriteString("description");
        metadata.WriteMap(1);
        metadata.WriteString("en");
        metadata.WriteString(Description);
        metadata.WriteString("ip_version");
        metadata.WriteUInt16((ushort)IpVersion);
        metadata.WriteString("languages");
        metadata.WriteArray(1);
        metadata.WriteString("en");
        metadata.WriteString("node_count");
        metadata.WriteUInt32((uint)nodeCount);
        metadata.WriteString("record_size");
        metadata.WriteUInt16((ushort)recordSize);
    }
}
