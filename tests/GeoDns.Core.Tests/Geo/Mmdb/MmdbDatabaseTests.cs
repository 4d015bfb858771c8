using System.Net;
using System.Text;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Core.Tests.Geo.Mmdb;

public sealed class MmdbDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("geodns-mmdb-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] SmallDatabase()
    {
        var writer = new MmdbWriter();
        writer.Add(IPNetwork.Parse("192.0.2.0/24"), MmdbTestData.Pool[0]);
        writer.Add(IPNetwork.Parse("2001:db8::/32"), MmdbTestData.Pool[3]);
        return writer.Build();
    }

    [Fact]
    public void Open_ReadsAWrittenFile()
    {
        string path = Path.Combine(_directory, "small.mmdb");
        File.WriteAllBytes(path, SmallDatabase());
        var database = MmdbDatabase.Open(path);
        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("192.0.2.77")), false, out int id, out int prefix));
        Assert.Equal(MmdbTestData.Pool[0], database.GetLocation(id));
        Assert.Equal(24, prefix);
    }

    [Fact]
    public void Open_TextFile_NamesTheFileAndSaysItIsNotAMaxMindDb()
    {
        string path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "network,continent\n10.0.0.0/8,EU\n");
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Open(path));
        Assert.StartsWith(path + ": not a MaxMind DB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Empty_IsNotAMaxMindDb()
    {
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Load([]));
        Assert.Contains("not a MaxMind DB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TreeCutOff_SaysTheSizesDoNotAddUp()
    {
        byte[] bytes = SmallDatabase();
        int marker = bytes.AsSpan().LastIndexOf("MaxMind.com"u8) - 3;
        byte[] cut = bytes[(marker - 20)..];
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Load(cut));
        Assert.Contains("node_count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedMajorVersion_IsRejected()
    {
        byte[] bytes = SmallDatabase();
        // binary_format_major_version is followed by its value, a uint16 of one byte: 0xA1 0x02.
        int key = bytes.AsSpan().LastIndexOf("binary_format_major_version"u8);
        int value = key + "binary_format_major_version".Length;
        Assert.Equal([0xA1, 0x02], bytes[value..(value + 2)]);
        bytes[value + 1] = 3;
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Load(bytes));
        Assert.Contains("binary_format_major_version is 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TreeRecordOutsideTheFile_IsRejected()
    {
        byte[] bytes = SmallDatabase();
        bytes[0] = 0xFF;
        bytes[1] = 0xFF;
        bytes[2] = 0xFF;
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Load(bytes));
        Assert.Contains("search tree node 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DataRecordThatIsNotAMap_IsRejected()
    {
        byte[] bytes = SmallDatabase();
        var database = MmdbDatabase.Load(bytes);
        int dataStart = database.NodeCount * 6 + 16;
        Assert.Equal(0xE4, bytes[dataStart]); // a map of 4 pairs
        bytes[dataStart] = 0x44;             // now a 4-byte string
        var e = Assert.Throws<InvalidDataException>(() => MmdbDatabase.Load(bytes));
        Assert.Contains("data record at offset 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReadsGeoIP2RecordsWithPointersAndFieldsItDoesNotUse()
    {
        // A hand-made GeoIP2-like record: extra keys of every type, the country map reached
        // through a pointer, keys shared through pointers, two subdivisions.
        var data = new MmdbEncoder();
        data.WriteMap(1);
        data.WriteString("iso_code");
        data.WriteString("US"); // offset 0: the country map
        int record = data.Length;
        data.WriteMap(8);
        data.WriteString("city");
        data.WriteMap(2);
        data.WriteString("geoname_id");
        data.WriteUInt32(5391959);
        data.WriteString("names");
        data.WriteMap(1);
        data.WriteString("en");
        data.WriteString("San Francisco");
        data.WriteString("continent");
        data.WriteMap(2);
        data.WriteString("geoname_id");
        data.WriteUInt32(6255149);
        data.WriteString("code");
        data.WriteString("NA");
        data.WriteString("country");
        data.WriteRaw([0x20, 0x00]); // pointer to offset 0
        data.WriteString("registered_country");
        data.WriteRaw([0x20, 0x00]);
        data.WriteString("location");
        data.WriteMap(4);
        data.WriteString("accuracy_radius");
        data.WriteUInt16(1000);
        data.WriteString("latitude");
        data.WriteDouble(37.7749);
        data.WriteString("time_zone");
        data.WriteString("America/Los_Angeles");
        data.WriteString("longitude");
        data.WriteDouble(-122.4194);
        data.WriteString("subdivisions");
        data.WriteArray(2);
        data.WriteMap(1);
        data.WriteString("iso_code");
        data.WriteString("CA");
        data.WriteMap(1);
        data.WriteString("iso_code");
        data.WriteString("SF");
        data.WriteString("is_in_european_union");
        data.WriteRaw([0x00, 0x07]); // boolean false
        data.WriteString("traits");
        data.WriteMap(3);
        data.WriteString("network_uint64");
        data.WriteUInt64(ulong.MaxValue);
        data.WriteString("signed");
        data.WriteRaw([0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFE]); // int32 -2
        data.WriteString("blob");
        data.WriteRaw([0x84, 0x01, 0x02, 0x03, 0x04]); // 4 bytes

        // One node: left (0.0.0.0/1 in an IPv4 tree) -> the record, right -> no data.
        var file = new List<byte>();
        uint left = (uint)(1 + 16 + record);
        file.AddRange([(byte)(left >> 16), (byte)(left >> 8), (byte)left, 0, 0, 1]);
        file.AddRange(new byte[16]);
        file.AddRange(data.Written.ToArray());
        file.AddRange(new byte[] { 0xAB, 0xCD, 0xEF });
        file.AddRange(Encoding.ASCII.GetBytes("MaxMind.com"));
        var metadata = new MmdbEncoder();
        metadata.WriteMap(4);
        metadata.WriteString("binary_format_major_version");
        metadata.WriteUInt16(2);
        metadata.WriteString("ip_version");
        metadata.WriteUInt16(4);
        metadata.WriteString("node_count");
        metadata.WriteUInt32(1);
        metadata.WriteString("record_size");
        metadata.WriteUInt16(24);
        file.AddRange(metadata.Written.ToArray());
        byte[] bytes = [.. file];

        using var oracle = MmdbTestData.Oracle(bytes);
        var expected = new Core.Geo.GeoLocation("NA", "US", "US-CA", 37.7749, -122.4194);
        Assert.Equal(expected, MmdbTestData.OracleFind(oracle, IPAddress.Parse("10.0.0.1"), out int oraclePrefix));

        var database = MmdbDatabase.Load(bytes);
        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("10.0.0.1")), false, out int id, out int prefix));
        Assert.Equal(expected, database.GetLocation(id));
        Assert.Equal(oraclePrefix, prefix);
        Assert.Equal(1, prefix);
        Assert.False(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("200.0.0.1")), false, out _, out int emptyPrefix));
        Assert.Equal(1, emptyPrefix);
        Assert.False(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("2001:db8::1")), true, out _, out int v6Prefix));
        Assert.Equal(0, v6Prefix);
        Assert.Equal(string.Empty, database.DatabaseType);
    }

    [Fact]
    public void TryFind_AllocatesNothing()
    {
        var random = new Random(7);
        var networks = MmdbTestData.RandomNetworks(random, 200, 200);
        var writer = new MmdbWriter();
        foreach (var (network, location) in networks)
        {
            writer.Add(network, location);
        }

        var database = MmdbDatabase.Load(writer.Build());
        UInt128[] addresses = new UInt128[256];
        bool[] families = new bool[256];
        int i = 0;
        foreach (IPAddress address in MmdbTestData.RandomAddresses(random, networks, addresses.Length))
        {
            addresses[i] = MmdbTestData.ToUInt128(address);
            families[i++] = !MmdbAddress.IsIPv4(address);
        }

        int hits = 0;
        database.TryFind(addresses[0], families[0], out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            for (int j = 0; j < addresses.Length; j++)
            {
                hits += database.TryFind(addresses[j], families[j], out _, out _) ? 1 : 0;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(hits > 0);
    }
}
