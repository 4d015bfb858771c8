using System.Net;
using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Core.Tests.Geo.Mmdb;

/// <summary>Databases from <see cref="MmdbWriter"/>, read back by the official reader (MaxMind.Db) and by <see cref="MmdbDatabase"/>.</summary>
public sealed class MmdbWriterOracleTests
{
    private static readonly (string Network, int Location)[] TableNetworks =
    [
        ("10.0.0.0/8", 0),
        ("10.1.0.0/16", 3),
        ("10.1.2.0/24", 6),
        ("192.0.2.0/24", 7),
        ("::ffff:198.51.100.0/120", 9),
        ("2001:db8::/32", 4),
        ("2001:db8:1::/48", 8),
    ];

    private static readonly Lazy<byte[]> TableDatabase = new(() =>
    {
        var writer = new MmdbWriter();
        foreach (var (network, location) in TableNetworks)
        {
            writer.Add(IPNetwork.Parse(network), MmdbTestData.Pool[location]);
        }

        return writer.Build();
    });

    /// <summary>Address, expected pool index (-1: no data), expected prefix length in the address's family.</summary>
    public static TheoryData<string, int, int> TableCases => new()
    {
        { "10.2.3.4", 0, 15 },      // 10.0.0.0/8 split by 10.1.0.0/16: the block is 10.2.0.0/15
        { "10.200.0.1", 0, 9 },
        { "10.1.0.1", 3, 23 },
        { "10.1.3.1", 3, 24 },
        { "10.1.2.200", 6, 24 },
        { "192.0.2.1", 7, 24 },
        { "198.51.100.7", 9, 24 },  // added as ::ffff:198.51.100.0/120
        { "11.0.0.1", -1, 8 },
        { "0.0.0.1", -1, 5 },
        { "::ffff:10.1.2.3", 6, 120 },
        { "::10.2.3.4", 0, 111 },
        { "::ffff:11.0.0.1", -1, 104 },
        { "2001:db8::1", 4, 48 },
        { "2001:db8:8000::1", 4, 33 },
        { "2001:db8:1::5", 8, 48 },
        { "2001:db9::1", -1, 32 },
        { "3fff::1", -1, 4 },
    };

    [Theory]
    [MemberData(nameof(TableCases))]
    public void Table_OracleAndMmdbDatabaseAgreeWithExpectation(string text, int expectedLocation, int expectedPrefix)
    {
        IPAddress address = IPAddress.Parse(text);
        GeoLocation? expected = expectedLocation < 0 ? null : MmdbTestData.Pool[expectedLocation];

        using var oracle = MmdbTestData.Oracle(TableDatabase.Value);
        Assert.Equal(expected, MmdbTestData.OracleFind(oracle, address, out int oraclePrefix));
        Assert.Equal(expectedPrefix, oraclePrefix);

        var database = MmdbDatabase.Load(TableDatabase.Value);
        bool isIPv6 = !MmdbAddress.IsIPv4(address);
        bool found = database.TryFind(MmdbTestData.ToUInt128(address), isIPv6, out int id, out int prefix);
        Assert.Equal(expected is not null, found);
        Assert.Equal(expected, found ? database.GetLocation(id) : null);
        Assert.Equal(expectedPrefix, prefix);
    }

    [Fact]
    public void Table_DistinctLocationsAreStoredOnce()
    {
        var writer = new MmdbWriter();
        writer.Add(IPNetwork.Parse("10.0.0.0/8"), MmdbTestData.Pool[0]);
        writer.Add(IPNetwork.Parse("11.0.0.0/8"), MmdbTestData.Pool[0] with { });
        writer.Add(IPNetwork.Parse("12.0.0.0/8"), MmdbTestData.Pool[1]);
        var database = MmdbDatabase.Load(writer.Build());
        Assert.Equal(2, database.LocationCount);
        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("11.1.1.1")), false, out int a, out _));
        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("10.1.1.1")), false, out int b, out _));
        Assert.Equal(a, b);
    }

    [Fact]
    public void LaterSameNetworkWins_AndLessSpecificAddedLaterDoesNotHideMoreSpecific()
    {
        var writer = new MmdbWriter();
        writer.Add(IPNetwork.Parse("10.1.0.0/16"), MmdbTestData.Pool[3]);
        writer.Add(IPNetwork.Parse("10.0.0.0/8"), MmdbTestData.Pool[0]);
        writer.Add(IPNetwork.Parse("10.0.0.0/8"), MmdbTestData.Pool[1]);
        var database = MmdbDatabase.Load(writer.Build());

        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("10.1.9.9")), false, out int inner, out int innerPrefix));
        Assert.Equal(MmdbTestData.Pool[3], database.GetLocation(inner));
        Assert.Equal(16, innerPrefix);
        Assert.True(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("10.9.9.9")), false, out int outer, out _));
        Assert.Equal(MmdbTestData.Pool[1], database.GetLocation(outer));
    }

    [Theory]
    [InlineData(6, null, 11)]
    [InlineData(6, 28, 12)]
    [InlineData(6, 32, 13)]
    [InlineData(4, null, 14)]
    [InlineData(4, 28, 15)]
    [InlineData(4, 32, 16)]
    public void Random_OracleMmdbDatabaseAndBruteForceAgree(int ipVersion, int? recordSize, int seed)
    {
        var random = new Random(seed);
        var networks = MmdbTestData.RandomNetworks(random, 400, ipVersion == 6 ? 400 : 0);
        var writer = new MmdbWriter("Test-City", ipVersion) { ForcedRecordSize = recordSize };
        foreach (var (network, location) in networks)
        {
            writer.Add(network, location);
        }

        byte[] bytes = writer.Build();
        using var oracle = MmdbTestData.Oracle(bytes);
        var database = MmdbDatabase.Load(bytes);
        Assert.Equal(recordSize ?? 24, database.RecordSize);
        Assert.Equal(ipVersion, database.IpVersion);

        var used = new HashSet<GeoLocation>();
        foreach (var (_, location) in networks)
        {
            used.Add(location);
        }

        Assert.Equal(used.Count, database.LocationCount);

        int found = 0;
        foreach (IPAddress address in MmdbTestData.RandomAddresses(random, networks, 3000))
        {
            bool isIPv6 = !MmdbAddress.IsIPv4(address);
            UInt128 value = MmdbTestData.ToUInt128(address);
            bool hit = database.TryFind(value, isIPv6, out int id, out int prefix);
            GeoLocation? ours = hit ? database.GetLocation(id) : null;
            found += hit ? 1 : 0;

            if (isIPv6 && ipVersion == 4)
            {
                Assert.False(hit);
                Assert.Equal(0, prefix);
                continue;
            }

            GeoLocation? theirs = MmdbTestData.OracleFind(oracle, address, out int oraclePrefix);
            Assert.Equal(theirs, ours);
            Assert.Equal(oraclePrefix, prefix);
            Assert.Equal(MmdbTestData.MostSpecific(networks, address), ours);

            if (!isIPv6 && ipVersion == 6)
            {
                // The same IPv4 address through ::ffff:0:0/96 and ::/96, as IPv6.
                foreach (UInt128 alias in new[] { MmdbAddress.MappedPrefix | value, value })
                {
                    IPAddress v6 = MmdbTestData.ToIPAddress(alias, true);
                    GeoLocation? viaOracle = MmdbTestData.OracleFind(oracle, v6, out int v6OraclePrefix);
                    bool v6Hit = database.TryFind(alias, true, out int v6Id, out int v6Prefix);
                    Assert.Equal(ours, viaOracle);
                    Assert.Equal(ours, v6Hit ? database.GetLocation(v6Id) : null);
                    Assert.Equal(prefix + 96, v6OraclePrefix);
                    Assert.Equal(prefix + 96, v6Prefix);
                }
            }
        }

        // Most addresses were drawn inside a network: the comparison covered real hits.
        Assert.True(found > 1000, $"only {found} hits");
    }

    [Fact]
    public void Metadata_IsReadByTheOracle()
    {
        var buildTime = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var writer = new MmdbWriter("Acme-City") { Description = "Acme networks", BuildTime = buildTime };
        writer.Add(IPNetwork.Parse("192.0.2.0/24"), MmdbTestData.Pool[0]);
        byte[] bytes = writer.Build();

        using var oracle = MmdbTestData.Oracle(bytes);
        var database = MmdbDatabase.Load(bytes);
        Assert.Equal("Acme-City", oracle.Metadata.DatabaseType);
        Assert.Equal(6, oracle.Metadata.IPVersion);
        Assert.Equal(2, oracle.Metadata.BinaryFormatMajorVersion);
        Assert.Equal(0, oracle.Metadata.BinaryFormatMinorVersion);
        Assert.Equal(buildTime.UtcDateTime, oracle.Metadata.BuildDate);
        Assert.Equal("Acme networks", oracle.Metadata.Description["en"]);
        Assert.Equal(["en"], oracle.Metadata.Languages);
        Assert.Equal(24, database.RecordSize);

        Assert.Equal("Acme-City", database.DatabaseType);
        Assert.Equal(buildTime, database.BuildTime);
    }

    [Fact]
    public void DefaultDatabaseType_IsGeoDnsCity()
    {
        var database = MmdbDatabase.Load(new MmdbWriter().Build());
        Assert.Equal("GeoDns-City", database.DatabaseType);
    }

    [Fact]
    public void EmptyDatabase_FindsNothing()
    {
        byte[] bytes = new MmdbWriter().Build();
        using var oracle = MmdbTestData.Oracle(bytes);
        Assert.Null(MmdbTestData.OracleFind(oracle, IPAddress.Parse("192.0.2.1"), out _));

        var database = MmdbDatabase.Load(bytes);
        Assert.Equal(0, database.LocationCount);
        Assert.False(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("192.0.2.1")), false, out _, out int v4Prefix));
        Assert.Equal(0, v4Prefix);
        Assert.False(database.TryFind(MmdbTestData.ToUInt128(IPAddress.Parse("2001:db8::1")), true, out _, out int v6Prefix));
        Assert.Equal(1, v6Prefix);
    }

    [Fact]
    public void WholeIPv6Space_CoversIPv4ThroughBothPrefixes()
    {
        var writer = new MmdbWriter();
        writer.Add(IPNetwork.Parse("::/0"), MmdbTestData.Pool[4]);
        writer.Add(IPNetwork.Parse("192.0.2.0/24"), MmdbTestData.Pool[0]);
        byte[] bytes = writer.Build();
        using var oracle = MmdbTestData.Oracle(bytes);
        var database = MmdbDatabase.Load(bytes);

        foreach (string text in new[] { "198.51.100.1", "::ffff:198.51.100.1", "2001:db8::1", "192.0.2.9", "::ffff:192.0.2.9" })
        {
            IPAddress address = IPAddress.Parse(text);
            GeoLocation? theirs = MmdbTestData.OracleFind(oracle, address, out int oraclePrefix);
            Assert.True(database.TryFind(MmdbTestData.ToUInt128(address), !MmdbAddress.IsIPv4(address), out int id, out int prefix));
            Assert.Equal(theirs, database.GetLocation(id));
            Assert.Equal(oraclePrefix, prefix);
            Assert.Equal(text.Contains("192.0.2.", StringComparison.Ordinal) ? MmdbTestData.Pool[0] : MmdbTestData.Pool[4], theirs);
        }
    }

    [Fact]
    public void IPv6NetworkInIPv4Database_IsRejected()
    {
        var writer = new MmdbWriter(ipVersion: 4);
        Assert.Throws<ArgumentException>(() => writer.Add(IPNetwork.Parse("2001:db8::/32"), MmdbTestData.Pool[0]));
    }

    [Theory]
    [InlineData("US-CA", "IE")]
    [InlineData("CA", "US")]
    [InlineData("US-", "US")]
    public void SubdivisionNotInCountry_IsRejected(string subdivision, string country)
    {
        var writer = new MmdbWriter();
        Assert.Throws<ArgumentException>(() => writer.Add(IPNetwork.Parse("192.0.2.0/24"), new GeoLocation("NA", country, subdivision, null, null)));
    }
}
