using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Core.Zones.Loading;
using static GeoDns.Core.Tests.Zones.Catalog.CatalogHarness;

namespace GeoDns.Core.Tests.Zones.Catalog;

/// <summary>The quiet period, forced scans with new options, region numbering and paths.</summary>
public sealed class ZoneCatalogScanTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);
    private readonly CatalogHarness _h = new(new ZoneCatalogOptions { QuietPeriod = Quiet });

    public void Dispose() => _h.Dispose();

    private ZoneCatalog Catalog => _h.Catalog;

    [Fact]
    public void A_file_written_within_the_quiet_period_waits_for_a_later_scan()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();

        _h.WriteAged("a.zone", ZoneText("a.example.", 2), TimeSpan.FromMilliseconds(100));
        _h.Write("b.zone", ZoneText("b.example.", 1));
        var early = Catalog.Prepare();

        Assert.True(early.Deferred);
        Assert.Equal([_h.Shown("b.zone")], early.Changes.Select(c => c.Path));
        Catalog.Commit(early);
        Assert.Equal(1u, _h.Serving("a.example.").Serial);

        _h.Time.Advance(TimeSpan.FromMilliseconds(200));
        var later = Catalog.Prepare();

        Assert.False(later.Deferred);
        Assert.Equal((_h.Shown("a.zone"), ZoneChangeKind.Changed), (later.Changes.Single().Path, later.Changes.Single().Kind));
        Catalog.Commit(later);
        Assert.Equal(2u, _h.Serving("a.example.").Serial);
    }

    [Fact]
    public void A_new_file_and_an_included_file_within_the_quiet_period_wait_too()
    {
        _h.WriteAged("a.zone", ZoneText("a.example.", 1), TimeSpan.FromMilliseconds(10));
        Assert.True(Catalog.Prepare().Deferred);
        Assert.Empty(Catalog.Prepare().Changes);

        _h.Write("a.zone", ZoneText("a.example.", 1, "$INCLUDE www.inc"));
        _h.WriteAged("www.inc", "www A 192.0.2.80\n", TimeSpan.FromMilliseconds(10));
        var reload = Catalog.Prepare();

        Assert.True(reload.Deferred);
        Assert.Empty(reload.Changes);
        _h.Time.Advance(Quiet);
        Assert.Equal(ZoneChangeKind.Added, Assert.Single(Catalog.Prepare().Changes).Kind);
    }

    [Fact]
    public void An_include_that_was_not_a_regular_file_is_watched_and_loads_once_it_is_one()
    {
        Directory.CreateDirectory(Path.Combine(_h.Root, "www.inc"));
        _h.Write("a.zone", ZoneText("a.example.", 1, "$INCLUDE www.inc"));
        var failed = Assert.Single(_h.Reload().Changes);
        Assert.Equal(ZoneChangeKind.Failed, failed.Kind);
        Assert.Contains(failed.Diagnostics, d => d.Message.EndsWith("not a regular file (a directory)", StringComparison.Ordinal));
        Assert.Empty(Catalog.Prepare().Changes);

        Directory.Delete(Path.Combine(_h.Root, "www.inc"));
        _h.Write("www.inc", "www A 192.0.2.80\n");

        Assert.Equal(ZoneChangeKind.Added, Assert.Single(_h.Reload().Changes).Kind);
    }

    [Fact]
    public void A_deletion_waits_while_the_directory_was_written_within_the_quiet_period()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();

        _h.Delete("a.zone");
        Directory.SetLastWriteTimeUtc(_h.Root, _h.Time.GetUtcNow().UtcDateTime.AddMilliseconds(-50));
        var early = Catalog.Prepare();

        Assert.True(early.Deferred);
        Assert.Empty(early.Changes);
        _h.Time.Advance(Quiet);
        Assert.Equal(ZoneChangeKind.Removed, Assert.Single(Catalog.Prepare().Changes).Kind);
    }

    [Fact]
    public void Without_topology_every_zone_shares_one_region_numbering_as_the_directory_loader_gives()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1, "$REGION us-east\nwww A 192.0.2.10\n$REGION eu-west\nwww A 192.0.2.20\n$REGION"));
        _h.Write("b.zone", ZoneText("b.example.", 1, "$REGION eu-west\nwww A 192.0.2.30\n$REGION ap-south\nwww A 192.0.2.40\n$REGION"));
        _h.Reload();
        // The numbering LoadDirectory gives; a zone loaded before later names appeared lists a prefix of it.
        AssertNumbering(ZoneLoader.LoadDirectory(_h.Root).ZoneSet.Zones[0].RegionNames);
        Assert.Equal(["us-east", "eu-west", "ap-south"], _h.Serving("b.example.").RegionNames);

        // b alone reloaded: eu-west keeps number 1, so the zones still agree (loaded alone, b would number it 0).
        _h.Write("b.zone", ZoneText("b.example.", 2, "$REGION ap-south\nwww A 192.0.2.41\n$REGION eu-west\nwww A 192.0.2.31\n$REGION sa-east\nwww A 192.0.2.50\n$REGION"));
        _h.Reload();
        var b = _h.Serving("b.example.");
        Assert.Equal(["us-east", "eu-west", "ap-south", "sa-east"], b.RegionNames);
        Assert.Equal(
            [("eu-west", "192.0.2.31"), ("ap-south", "192.0.2.41"), ("sa-east", "192.0.2.50")],
            RegionalA(b, "www.b.example."));
        Assert.Equal(["us-east", "eu-west"], _h.Serving("a.example.").RegionNames);
        AssertNumbering(["us-east", "eu-west", "ap-south", "sa-east"]);

        // Why it matters: without topology no client has a preference, and the lowest-numbered
        // region's RRset answers; numbered per file, b's answer would flip to ap-south on reload.
        var result = new GeoDns.Core.Resolution.LookupResult();
        LookupEngine.Lookup(Catalog.Current, GeoDns.Core.Tests.Resolution.LookupFormatter.Wire("www.b.example."), 1, [], result);
        Assert.Equal(["www.b.example. 3600 A 192.0.2.31"], GeoDns.Core.Tests.Resolution.LookupFormatter.Section(result, result.Answer, result.AnswerCount));
    }

    [Fact]
    public void A_forced_scan_with_the_topologys_regions_reloads_every_file_and_adopts_the_options_on_commit()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1, "$REGION eu-west\nwww A 192.0.2.20\n$REGION us-east\nwww A 192.0.2.10\n$REGION"));
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Reload();
        Assert.Equal(["eu-west", "us-east"], _h.Serving("a.example.").RegionNames);
        Assert.Empty(Catalog.Prepare().Changes);

        var topology = new ZoneCatalogOptions { QuietPeriod = Quiet, LoadOptions = new ZoneLoadOptions { Regions = ["us-east", "eu-west"] } };
        var reload = Catalog.Prepare(force: true, topology);

        Assert.True(reload.Forced);
        Assert.Same(topology, reload.Options);
        Assert.Equal([ZoneChangeKind.Changed, ZoneChangeKind.Changed], reload.Changes.Select(c => c.Kind));
        Assert.All(reload.Changes, c => Assert.Empty(c.Diagnostics));
        Assert.NotSame(topology, Catalog.Options);

        Catalog.Commit(reload);
        Assert.Same(topology, Catalog.Options);
        var a = _h.Serving("a.example.");
        Assert.Equal(["us-east", "eu-west"], a.RegionNames);
        Assert.Equal([("us-east", "192.0.2.10"), ("eu-west", "192.0.2.20")], RegionalA(a, "www.a.example."));

        // The adopted options hold for later scans: a region the topology lacks is an error.
        _h.Write("b.zone", ZoneText("b.example.", 2, "$REGION ap-south\nwww A 192.0.2.40\n$REGION"));
        var change = Assert.Single(Catalog.Prepare().Changes);
        Assert.Equal(ZoneChangeKind.Failed, change.Kind);
        Assert.Contains(change.Diagnostics, d => d.IsError && d.Message.Contains("ap-south", StringComparison.Ordinal));
    }

    [Fact]
    public void A_forced_scan_without_topology_numbers_regions_afresh()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1, "$REGION us-east\nwww A 192.0.2.10\n$REGION"));
        _h.Write("b.zone", ZoneText("b.example.", 1, "$REGION eu-west\nwww A 192.0.2.30\n$REGION"));
        _h.Reload();
        _h.Write("a.zone", ZoneText("a.example.", 2));
        _h.Reload();
        Assert.Equal(["us-east", "eu-west"], _h.Serving("b.example.").RegionNames);

        _h.Reload(force: true);

        Assert.Equal(["eu-west"], _h.Serving("b.example.").RegionNames);
        AssertNumbering(ZoneLoader.LoadDirectory(_h.Root).ZoneSet.Zones[0].RegionNames);
    }

    [Fact]
    public void Diagnostics_show_the_directory_as_given_and_watched_files_are_absolute()
    {
        using var h = new CatalogHarness(displayDirectory: root => Path.GetRelativePath(Directory.GetCurrentDirectory(), root));
        Assert.False(Path.IsPathRooted(h.Catalog.Directory));
        h.Write("a.zone", ZoneText("a.example.", 1, "$INCLUDE www.inc"));
        h.Write("www.inc", "www A 192.0.2.300\n");

        var change = Assert.Single(h.Catalog.Prepare().Changes);

        Assert.StartsWith($"{Path.Combine(h.Catalog.Directory, "www.inc")}:1:", change.Diagnostics.Single(d => d.IsError).ToString(), StringComparison.Ordinal);
        Assert.Equal(Path.Combine(h.Catalog.Directory, "a.zone"), change.Path);
        h.Catalog.Commit(h.Catalog.Prepare());
        Assert.Equal([Path.Combine(h.Root, "a.zone"), Path.Combine(h.Root, "www.inc")], h.Catalog.WatchedFiles);
    }

    private void AssertNumbering(IReadOnlyList<string> expected)
    {
        foreach (var zone in Catalog.Current.Zones)
        {
            Assert.Equal(expected.Take(zone.RegionNames.Count), zone.RegionNames);
        }
    }

    private static (string Region, string Address)[] RegionalA(Zone zone, string owner)
    {
        var wire = GeoDns.Core.Tests.Resolution.LookupFormatter.Wire(owner);
        return zone.RRsets
            .Where(s => s.Type == 1 && s.Region != RRset.NoRegion && s.Owner.AsSpan().SequenceEqual(wire))
            .OrderBy(s => s.Region)
            .Select(s => (zone.RegionNames[s.Region], new System.Net.IPAddress(First(s)).ToString()))
            .ToArray();
    }

    private static byte[] First(RRset set)
    {
        foreach (var rdata in set) return rdata.ToArray();
        return [];
    }
}
