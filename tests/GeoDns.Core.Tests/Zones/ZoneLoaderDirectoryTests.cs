using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Zones;

public sealed class ZoneLoaderDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("geodns-zones-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Zone(string origin, string extra = "") => $"""
        $ORIGIN {origin}
        $TTL 3600
        @ SOA ns hostmaster 1 3600 600 1209600 300
        @ NS ns
        ns A 192.0.2.1
        {extra}
        """;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);

    [Fact]
    public void An_unreadable_zone_file_is_reported_once_without_zone_level_noise()
    {
        string path = Path.Combine(_directory, "missing.example.zone");

        var result = ZoneLoader.LoadFile(path);

        Assert.False(result.Success);
        Assert.Null(result.Zone);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal($"{path}:1:1", error.Location.ToString());
        Assert.StartsWith("cannot read zone file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_include_is_reported_and_listed_so_it_can_be_watched()
    {
        Write("a.zone", Zone("a.example.", "$INCLUDE gone.inc\n$INCLUDE here.inc\n$INCLUDE gone.inc"));
        Write("here.inc", "www A 192.0.2.80\n");
        string main = Path.Combine(_directory, "a.zone");

        var result = ZoneLoader.LoadFile(main);

        Assert.False(result.Success);
        Assert.Equal([main, Path.Combine(_directory, "here.inc")], result.Files);
        Assert.Equal([Path.Combine(_directory, "gone.inc")], result.MissingFiles);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Message.EndsWith("gone.inc' not found", StringComparison.Ordinal)));
    }

    [Fact]
    public void Loads_every_zone_file_and_reports_failures()
    {
        Write("a.zone", Zone("a.example.", "$REGION us-east\nwww A 192.0.2.10\n$REGION eu-west\nwww A 192.0.2.20\n$REGION"));
        Write("b.zone", Zone("b.example.", "$REGION eu-west\nwww A 192.0.2.30\n$REGION ap-south\nwww A 192.0.2.40\n$REGION"));
        Write("c.zone", Zone("a.example."));
        Write("d.zone", "$ORIGIN d.example.\n@ NS ns\n");
        Write("notes.txt", "not a zone");

        var result = ZoneLoader.LoadDirectory(_directory);

        Assert.False(result.Success);
        Assert.Equal(4, result.Results.Count);
        Assert.Equal(["a.example.", "b.example."], result.ZoneSet.Zones.Select(z => z.Name));

        var duplicate = Assert.Single(result.Results[2].Diagnostics);
        Assert.Equal($"{Path.Combine(_directory, "c.zone")}:1:1: error: zone a.example. is already loaded from a.zone", duplicate.ToString());
        Assert.Null(result.Results[2].Zone);
        Assert.Contains(result.Results[3].Diagnostics, d => d.Message == "no SOA record at the zone apex d.example.");

        // One region numbering for the whole directory, in order of first appearance.
        foreach (var zone in result.ZoneSet.Zones)
        {
            Assert.Equal(["us-east", "eu-west", "ap-south"], zone.RegionNames);
        }
        var b = result.ZoneSet.Zones[1];
        Assert.Equal([1, 2], b.RRsets.Where(s => s.Region != RRset.NoRegion).Select(s => s.Region).Order());
    }

    [Fact]
    public void Diagnostics_name_the_included_file_and_come_in_file_order()
    {
        string main = Path.Combine(_directory, "example.com.zone");
        string included = Path.Combine(_directory, "hosts.inc");
        File.WriteAllText(main, "$TTL 3600\n@ SOA ns hostmaster 1 3600 600 1209600 300\n@ NS ns\n$INCLUDE hosts.inc\nlate CNAME ns\nlate A 192.0.2.9\n");
        File.WriteAllText(included, "ns A 192.0.2.1\nwww CNAME ns\nwww TXT \"x\"\n");

        var result = ZoneLoader.LoadFile(main);

        Assert.Null(result.Zone);
        Assert.Equal([main, included], result.Files);
        Assert.Equal(
            [
                $"{main}:5:1: error: late.example.com. has a CNAME and other data (A); a CNAME must be the only record at its name",
                $"{included}:2:1: error: www.example.com. has a CNAME and other data (TXT); a CNAME must be the only record at its name",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void LoadFile_names_the_file_in_diagnostics()
    {
        string path = Path.Combine(_directory, "example.com.zone");
        File.WriteAllText(path, "$TTL 3600\n@ SOA ns hostmaster 1 3600 600 1209600 300\nns A 192.0.2.1\n");

        var result = ZoneLoader.LoadFile(path);

        Assert.Null(result.Zone);
        Assert.Equal([$"{path}:2:1: error: no NS records at the zone apex example.com."], result.Diagnostics.Select(d => d.ToString()));
    }
}
