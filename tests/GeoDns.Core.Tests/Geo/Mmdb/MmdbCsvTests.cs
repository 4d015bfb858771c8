using System.Net;
using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Core.Tests.Geo.Mmdb;

public sealed class MmdbCsvTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("geodns-mmdb-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteCsv(string text)
    {
        string path = Path.Combine(_directory, "networks.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_WritesADatabaseBothReadersAgreeOn(bool header)
    {
        string csv = (header ? "network,continent,country,subdivision,lat,lon\n" : "")
            + "# operator networks\n"
            + "10.0.0.0/8,NA,US,US-CA,37.39,-122.08\n"
            + "\n"
            + " 10.1.0.0/16 , eu , ie , ie-d , 53.35 , -6.26 \n"
            + "192.0.2.0/24,,,,,\n"
            + "198.51.100.0/24,,,US-VA,,\n"
            + "2001:db8::/32,AS,JP,,35.5,139.75\n";
        string output = Path.Combine(_directory, "out.mmdb");
        int count = MmdbCsv.Build(WriteCsv(csv), output, "Acme-City");
        Assert.Equal(5, count);

        var expected = new (string Address, GeoLocation Location, int Prefix)[]
        {
            ("10.2.0.1", new("NA", "US", "US-CA", 37.39, -122.08), 15),
            ("10.1.0.1", new("EU", "IE", "IE-D", 53.35, -6.26), 16),
            ("192.0.2.1", new(null, null, null, null, null), 24),
            ("198.51.100.1", new(null, "US", "US-VA", null, null), 24),
            ("2001:db8::1", new("AS", "JP", null, 35.5, 139.75), 32),
        };

        var database = MmdbDatabase.Open(output);
        Assert.Equal("Acme-City", database.DatabaseType);
        using var oracle = MmdbTestData.Oracle(File.ReadAllBytes(output));
        foreach (var (text, location, expectedPrefix) in expected)
        {
            IPAddress address = IPAddress.Parse(text);
            Assert.Equal(location, MmdbTestData.OracleFind(oracle, address, out int oraclePrefix));
            Assert.Equal(expectedPrefix, oraclePrefix);
            Assert.True(database.TryFind(MmdbTestData.ToUInt128(address), !MmdbAddress.IsIPv4(address), out int id, out int prefix));
            Assert.Equal(location, database.GetLocation(id));
            Assert.Equal(expectedPrefix, prefix);
        }
    }

    public static TheoryData<string, int, string> BadLines => new()
    {
        { "10.0.0.0/33,EU,IE,,,", 2, "bad network '10.0.0.0/33'" },
        { "10.0.0.1/8,EU,IE,,,", 2, "bad network '10.0.0.1/8'" },
        { "10.0.0.0,EU,IE,,,", 2, "bad network '10.0.0.0'" },
        { "banana/8,EU,IE,,,", 2, "bad network 'banana/8'" },
        { "198.51.100/24,EU,IE,,,", 2, "bad network '198.51.100/24': '198.51.100' is not a full IPv4 address (write all four octets: 198.51.100.0/24)" },
        { "010.0.0.0/8,EU,IE,,,", 2, "bad network '010.0.0.0/8': '010.0.0.0' has an octet with a leading zero" },
        { "10.0.0.0/8,EU,IE,,53.3", 2, "expected 6 fields" },
        { "10.0.0.0/8,EU,IE,,53.3,-6.2,extra", 2, "expected 6 fields" },
        { "10.0.0.0/8,EUR,IE,,,", 2, "bad continent 'EUR'" },
        { "10.0.0.0/8,EU,I1,,,", 2, "bad country 'I1'" },
        { "10.0.0.0/8,EU,IE,D,,", 2, "bad subdivision 'D'" },
        { "10.0.0.0/8,EU,IE,US-CA,,", 2, "subdivision 'US-CA' is not in country 'IE'" },
        { "10.0.0.0/8,EU,IE,,north,-6.2", 2, "bad latitude 'north'" },
        { "10.0.0.0/8,EU,IE,,91,-6.2", 2, "bad latitude '91'" },
        { "10.0.0.0/8,EU,IE,,53.3,-181", 2, "bad longitude '-181'" },
        { "10.0.0.0/8,EU,IE,,53.3,", 2, "latitude and longitude go together" },
        { "\n\n10.0.0.0/8,EU,IE,,NaN,1", 4, "bad latitude 'NaN'" },
        { "172.16.0.0/12,EU,IE,,,\n10.0.0.0/8,EU,IE,,,\n10.0.0.0/8,NA,US,,,", 4, "network 10.0.0.0/8 is already on line 3" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Build_BadLine_ThrowsWithFileAndLine(string body, int line, string message)
    {
        string path = WriteCsv("network,continent,country,subdivision,lat,lon\n" + body + "\n");
        string output = Path.Combine(_directory, "bad.mmdb");
        var e = Assert.Throws<FormatException>(() => MmdbCsv.Build(path, output));
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
