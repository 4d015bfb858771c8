using System.Net;
using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Cli;

/// <summary><c>geodns mmdb build</c>: CSV in, a MaxMind DB that our reader reads back; bad lines exit 1 with file:line.</summary>
public sealed class MmdbBuildCommandTests
{
    [Fact]
    public async Task Builds_a_database_that_reads_back()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("networks.csv", """
            network,continent,country,subdivision,lat,lon
            # comments and blank lines are skipped

            198.51.100.0/24,EU,IE,IE-D,53.35,-6.26
            2001:db8:1::/48,NA,US,US-VA,39.04,-77.49
            """);
        string mmdb = Path.Combine(dir.Path, "out", "private.mmdb");
        Directory.CreateDirectory(Path.GetDirectoryName(mmdb)!);

        var (exit, output, error) = await CliRunner.RunAsync("mmdb", "build", "--csv", csv, "--out", mmdb, "--type", "Private-City");

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains(": 2 networks", output, StringComparison.Ordinal);
        var database = MmdbDatabase.Open(mmdb);
        Assert.Equal("Private-City", database.DatabaseType);
        Assert.True(database.TryFind(Address("198.51.100.77"), false, out int id, out int prefix));
        Assert.Equal(24, prefix);
        Assert.Equal("IE", database.GetLocation(id).Country);
        Assert.Equal("IE-D", database.GetLocation(id).Subdivision);
        Assert.True(database.TryFind(Address("2001:db8:1:2::9"), true, out id, out prefix));
        Assert.Equal(48, prefix);
        Assert.Equal("US", database.GetLocation(id).Country);
        Assert.False(database.TryFind(Address("203.0.113.1"), false, out _, out _));
    }

    [Fact]
    public async Task A_bad_line_exits_1_with_file_and_line()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("networks.csv", """
            network,continent,country,subdivision,lat,lon
            198.51.100.0/24,EU,IE,,53.35,-6.26
            198.51.100.0/33,EU,IE,,53.35,-6.26
            """);

        var (exit, _, error) = await CliRunner.RunAsync("mmdb", "build", "--csv", csv, "--out", Path.Combine(dir.Path, "x.mmdb"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("networks.csv:3: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "x.mmdb")));
    }

    [Fact]
    public async Task A_missing_csv_exits_1()
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRunner.RunAsync("mmdb", "build", "--csv", Path.Combine(dir.Path, "none.csv"), "--out", Path.Combine(dir.Path, "x.mmdb"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("none.csv: error: file not found", error, StringComparison.Ordinal);
    }

    private static UInt128 Address(string text)
    {
        UInt128 value = 0;
        foreach (byte b in IPAddress.Parse(text).GetAddressBytes()) value = (value << 8) | b;
        return value;
    }
}
