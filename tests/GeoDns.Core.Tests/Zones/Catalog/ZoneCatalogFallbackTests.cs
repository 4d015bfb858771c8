using GeoDns.Core.Zones.Catalog;
using static GeoDns.Core.Tests.Zones.Catalog.CatalogHarness;

namespace GeoDns.Core.Tests.Zones.Catalog;

/// <summary>A copy loaded in place of a zone file that fails and serves nothing (<c>Prepare(fallback: ...)</c>).</summary>
public sealed class ZoneCatalogFallbackTests : IDisposable
{
    private readonly CatalogHarness _h = new();
    private readonly string _copies = Directory.CreateTempSubdirectory("geodns-copies-").FullName;

    public void Dispose()
    {
        _h.Dispose();
        Directory.Delete(_copies, recursive: true);
    }

    private string? Copy(string name) => File.Exists(Path.Combine(_copies, name)) ? Path.Combine(_copies, name) : null;

    [Fact]
    public void A_failed_file_without_a_zone_serves_its_copy_and_a_fixed_file_replaces_it()
    {
        File.WriteAllText(Path.Combine(_copies, "a.zone"), ZoneText("a.example.", 7));
        _h.Write("a.zone", ZoneText("a.example.", 8, "bad A 192.0.2.300"));

        var reload = _h.Catalog.Prepare(fallback: Copy);
        var change = Assert.Single(reload.Changes);
        Assert.Equal(ZoneChangeKind.Failed, change.Kind);
        Assert.NotNull(change.Fallback?.Zone);
        _h.Catalog.Commit(reload);

        var status = Assert.Single(_h.Catalog.Status);
        Assert.Equal(ZoneReloadResult.Failed, status.LastResult);
        Assert.Equal(Path.Combine(_copies, "a.zone"), status.Fallback);
        Assert.Equal(7u, status.Zone!.Serial);
        Assert.Equal(7u, Assert.Single(_h.Catalog.Current.Zones).Serial);

        _h.Write("a.zone", ZoneText("a.example.", 9));
        var fixedReload = _h.Reload();
        Assert.Equal(ZoneChangeKind.Changed, Assert.Single(fixedReload.Changes).Kind);
        status = Assert.Single(_h.Catalog.Status);
        Assert.Null(status.Fallback);
        Assert.Equal(9u, status.Zone!.Serial);
    }

    [Fact]
    public void A_copy_that_does_not_load_or_whose_origin_is_served_by_another_file_is_not_served()
    {
        File.WriteAllText(Path.Combine(_copies, "a.zone"), "not a zone");
        File.WriteAllText(Path.Combine(_copies, "b.zone"), ZoneText("c.example.", 1));
        _h.Write("a.zone", ZoneText("a.example.", 1, "bad A 192.0.2.300"));
        _h.Write("b.zone", ZoneText("b.example.", 1, "bad A 192.0.2.300"));
        _h.Write("c.zone", ZoneText("c.example.", 2));

        var reload = _h.Catalog.Prepare(fallback: Copy);
        _h.Catalog.Commit(reload);

        Assert.Null(reload.Changes[0].Fallback!.Zone);
        Assert.NotEmpty(reload.Changes[0].Fallback!.Diagnostics);
        Assert.NotNull(reload.Changes[1].Fallback!.Zone);
        Assert.All(_h.Catalog.Status.Take(2), s => Assert.Null(s.Zone));
        Assert.Equal(2u, Assert.Single(_h.Catalog.Current.Zones).Serial);
    }

    [Fact]
    public void A_live_scan_without_a_fallback_leaves_a_failed_file_serving_nothing()
    {
        File.WriteAllText(Path.Combine(_copies, "a.zone"), ZoneText("a.example.", 7));
        _h.Write("a.zone", ZoneText("a.example.", 8, "bad A 192.0.2.300"));

        _h.Reload();

        Assert.Null(Assert.Single(_h.Catalog.Status).Zone);
        Assert.Empty(_h.Catalog.Current.Zones);
    }
}
