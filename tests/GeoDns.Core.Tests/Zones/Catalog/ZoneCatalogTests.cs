using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Catalog;
using static GeoDns.Core.Tests.Zones.Catalog.CatalogHarness;

namespace GeoDns.Core.Tests.Zones.Catalog;

public sealed class ZoneCatalogTests : IDisposable
{
    private readonly CatalogHarness _h = new();

    public void Dispose() => _h.Dispose();

    private ZoneCatalog Catalog => _h.Catalog;

    [Fact]
    public void Initial_scan_adds_every_zone_file_in_file_name_order_and_commits_them()
    {
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Write("notes.txt", "not a zone");

        var reload = Catalog.Prepare();

        Assert.False(reload.Deferred);
        Assert.Equal([(_h.Shown("a.zone"), ZoneChangeKind.Added), (_h.Shown("b.zone"), ZoneChangeKind.Added)], reload.Changes.Select(c => (c.Path, c.Kind)));
        Assert.All(reload.Changes, c => Assert.Null(c.Previous));
        Assert.Equal(["a.example.", "b.example."], reload.Candidate().Zones.Select(z => z.Name));
        // Nothing is in service before the commit.
        Assert.Empty(Catalog.Current.Zones);
        Assert.Empty(Catalog.Status);
        Assert.Empty(Catalog.WatchedFiles);

        var current = Catalog.Commit(reload);

        Assert.Same(current, Catalog.Current);
        Assert.Equal(["a.example.", "b.example."], current.Zones.Select(z => z.Name));
        Assert.Equal([_h.Shown("a.zone"), _h.Shown("b.zone")], Catalog.Status.Select(s => s.Path));
        foreach (var status in Catalog.Status)
        {
            Assert.Equal(ZoneReloadResult.Loaded, status.LastResult);
            Assert.Equal(_h.Time.GetUtcNow(), status.LoadedAt);
            Assert.Equal(_h.Time.GetUtcNow(), status.LastAttempt);
            Assert.Empty(status.Errors);
            Assert.Equal((1, 0, 0), (status.Loads, status.Failures, status.Rejections));
            Assert.Same(current.Zones.Single(z => z.Name == status.Zone!.Name), status.Zone);
        }
        Assert.Equal([Path.Combine(_h.Root, "a.zone"), Path.Combine(_h.Root, "b.zone")], Catalog.WatchedFiles);
    }

    [Fact]
    public void A_scan_without_changes_finds_nothing_and_its_commit_keeps_the_zone_set()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();
        var before = Catalog.Current;

        var reload = Catalog.Prepare();

        Assert.Empty(reload.Changes);
        Assert.False(reload.HasChanges);
        Assert.Same(before, Catalog.Commit(reload));
        Assert.Equal(1, _h.Status("a.zone").Loads);
    }

    [Fact]
    public void Editing_one_file_reloads_only_that_file()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Reload();
        var a = _h.Serving("a.example.");
        var b = _h.Serving("b.example.");
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        _h.Write("a.zone", ZoneText("a.example.", 2, "www A 192.0.2.80"));
        var reload = Catalog.Prepare();

        var change = Assert.Single(reload.Changes);
        Assert.Equal((_h.Shown("a.zone"), ZoneChangeKind.Changed), (change.Path, change.Kind));
        Assert.Same(a, change.Previous);
        Assert.Equal(2u, change.Zone!.Serial);

        Catalog.Commit(reload);
        Assert.Same(b, _h.Serving("b.example."));
        Assert.Same(change.Zone, _h.Serving("a.example."));
        Assert.Equal(2, _h.Status("a.zone").Loads);
        Assert.Equal(1, _h.Status("b.zone").Loads);
        Assert.Equal(_h.Time.GetUtcNow(), _h.Status("a.zone").LoadedAt);
        Assert.Equal(_h.Time.GetUtcNow().AddMinutes(-1), _h.Status("b.zone").LoadedAt);
    }

    [Fact]
    public void A_broken_edit_fails_keeps_the_old_zone_serving_and_a_fix_clears_the_error()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();
        var good = _h.Serving("a.example.");

        _h.Write("a.zone", ZoneText("a.example.", 2, "www A 192.0.2.300"));
        var broken = Catalog.Prepare();

        var change = Assert.Single(broken.Changes);
        Assert.Equal(ZoneChangeKind.Failed, change.Kind);
        Assert.Null(change.Zone);
        Assert.Same(good, change.Previous);
        Assert.Same(good, broken.Candidate().Zones.Single());

        Catalog.Commit(broken);
        Assert.Same(good, _h.Serving("a.example."));
        var failed = _h.Status("a.zone");
        Assert.Equal(ZoneReloadResult.Failed, failed.LastResult);
        Assert.Same(good, failed.Zone);
        var error = Assert.Single(failed.Errors);
        Assert.StartsWith($"{_h.Shown("a.zone")}:6:", error.ToString(), StringComparison.Ordinal);
        Assert.True(error.IsError);
        Assert.Equal((1, 1, 0), (failed.Loads, failed.Failures, failed.Rejections));

        // The same broken file is not tried again on every scan.
        Assert.Empty(Catalog.Prepare().Changes);

        _h.Time.Advance(TimeSpan.FromSeconds(5));
        _h.Write("a.zone", ZoneText("a.example.", 2, "www A 192.0.2.30"));
        var fixedReload = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Changed, Assert.Single(fixedReload.Changes).Kind);
        Catalog.Commit(fixedReload);

        var loaded = _h.Status("a.zone");
        Assert.Equal(ZoneReloadResult.Loaded, loaded.LastResult);
        Assert.Empty(loaded.Errors);
        Assert.Equal((2, 1, 0), (loaded.Loads, loaded.Failures, loaded.Rejections));
        Assert.Equal(2u, _h.Serving("a.example.").Serial);
    }

    [Fact]
    public void A_new_file_that_fails_is_known_without_a_zone()
    {
        _h.Write("a.zone", "$ORIGIN a.example.\n@ 3600 NS ns\n");

        var reload = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Failed, Assert.Single(reload.Changes).Kind);
        Catalog.Commit(reload);

        var status = _h.Status("a.zone");
        Assert.Null(status.Zone);
        Assert.Null(status.LoadedAt);
        Assert.Equal(ZoneReloadResult.Failed, status.LastResult);
        Assert.Contains(status.Errors, e => e.Message == "no SOA record at the zone apex a.example.");
        Assert.Empty(Catalog.Current.Zones);

        _h.Write("a.zone", ZoneText("a.example.", 1));
        var fixedReload = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Added, Assert.Single(fixedReload.Changes).Kind);
    }

    [Fact]
    public void A_new_file_is_added_and_a_deleted_one_removed()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Reload();
        var a = _h.Serving("a.example.");

        _h.Delete("b.zone");
        _h.Write("c.zone", ZoneText("c.example.", 1));
        var reload = Catalog.Prepare();

        Assert.Equal(
            [(_h.Shown("b.zone"), ZoneChangeKind.Removed), (_h.Shown("c.zone"), ZoneChangeKind.Added)],
            reload.Changes.Select(c => (c.Path, c.Kind)));
        Assert.Equal("b.example.", reload.Changes[0].Previous!.Name);
        Catalog.Commit(reload);

        Assert.Equal(["a.example.", "c.example."], Catalog.Current.Zones.Select(z => z.Name).Order());
        Assert.Same(a, _h.Serving("a.example."));
        Assert.Equal([_h.Shown("a.zone"), _h.Shown("c.zone")], Catalog.Status.Select(s => s.Path));
        Assert.DoesNotContain(Path.Combine(_h.Root, "b.zone"), Catalog.WatchedFiles);
    }

    [Fact]
    public void Included_files_are_watched_and_their_edits_creation_and_deletion_reload_the_zone()
    {
        Directory.CreateDirectory(Path.Combine(_h.Root, "inc"));
        _h.Write("a.zone", ZoneText("a.example.", 1, "$INCLUDE inc/www.inc"));
        _h.Write("inc/www.inc", "www A 192.0.2.80\n");
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Reload();
        var b = _h.Serving("b.example.");
        Assert.Contains(Path.Combine(_h.Root, "inc", "www.inc"), Catalog.WatchedFiles);
        Assert.Equal([_h.Shown("a.zone"), Path.Combine(_h.Catalog.Directory, "inc", "www.inc")], _h.Serving("a.example.").Files);

        _h.Write("inc/www.inc", "www A 192.0.2.81\nwww A 192.0.2.82\n");
        var edited = Catalog.Prepare();
        var change = Assert.Single(edited.Changes);
        Assert.Equal((_h.Shown("a.zone"), ZoneChangeKind.Changed), (change.Path, change.Kind));
        Catalog.Commit(edited);
        Assert.Equal(5, _h.Serving("a.example.").RecordCount);
        Assert.Same(b, _h.Serving("b.example."));

        // Deleted: the zone fails (the old one serves) and the missing file stays watched.
        _h.Delete("inc/www.inc");
        var deleted = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Failed, Assert.Single(deleted.Changes).Kind);
        Catalog.Commit(deleted);
        Assert.Equal(5, _h.Serving("a.example.").RecordCount);
        Assert.Contains(_h.Status("a.zone").Errors, e => e.Message.Contains("not found", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(_h.Root, "inc", "www.inc"), Catalog.WatchedFiles);
        Assert.Empty(Catalog.Prepare().Changes);

        // Created again: picked up although the zone file itself did not change.
        _h.Write("inc/www.inc", "www A 192.0.2.83\n");
        var created = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Changed, Assert.Single(created.Changes).Kind);
        Catalog.Commit(created);
        Assert.Equal(ZoneReloadResult.Loaded, _h.Status("a.zone").LastResult);
        Assert.Equal(4, _h.Serving("a.example.").RecordCount);
    }

    [Fact]
    public void A_second_file_with_an_origin_in_service_fails_and_names_the_other_file()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();
        var a = _h.Serving("a.example.");

        _h.Write("c.zone", ZoneText("a.example.", 2));
        var reload = Catalog.Prepare();

        var change = Assert.Single(reload.Changes);
        Assert.Equal(ZoneChangeKind.Failed, change.Kind);
        Assert.Equal($"{_h.Shown("c.zone")}:1:1: error: zone a.example. is already loaded from a.zone", change.Diagnostics.Single(d => d.IsError).ToString());
        Catalog.Commit(reload);
        Assert.Same(a, _h.Serving("a.example."));
        Assert.Equal(ZoneReloadResult.Failed, _h.Status("c.zone").LastResult);
    }

    public static TheoryData<string, string[]> Unblocking => new()
    {
        // How a.zone lets go of x.example.: deleted, or edited to serve another zone.
        { "delete", ["Removed", "Added"] },
        { "move", ["Changed", "Added"] },
    };

    [Theory]
    [MemberData(nameof(Unblocking))]
    public void A_file_refused_for_a_duplicate_origin_loads_once_the_other_file_lets_go(string how, string[] kinds)
    {
        _h.Write("a.zone", ZoneText("x.example.", 1));
        _h.Reload();
        _h.Write("c.zone", ZoneText("x.example.", 5));
        _h.Reload();
        Assert.Equal(ZoneReloadResult.Failed, _h.Status("c.zone").LastResult);
        Assert.Empty(Catalog.Prepare().Changes);

        if (how == "delete") _h.Delete("a.zone");
        else _h.Write("a.zone", ZoneText("y.example.", 1));
        var reload = Catalog.Prepare();

        Assert.Equal(kinds, reload.Changes.Select(c => c.Kind.ToString()));
        Assert.Equal(_h.Shown("c.zone"), reload.Changes[1].Path);
        Catalog.Commit(reload);
        Assert.Equal(5u, _h.Serving("x.example.").Serial);
        Assert.Equal(ZoneReloadResult.Loaded, _h.Status("c.zone").LastResult);
        Assert.Empty(_h.Status("c.zone").Errors);
    }

    [Fact]
    public void Two_files_can_swap_their_zones_in_one_reload()
    {
        _h.Write("a.zone", ZoneText("x.example.", 1));
        _h.Write("b.zone", ZoneText("y.example.", 1));
        _h.Reload();

        _h.Write("a.zone", ZoneText("y.example.", 2));
        _h.Write("b.zone", ZoneText("x.example.", 2));
        var reload = Catalog.Prepare();

        Assert.Equal([ZoneChangeKind.Changed, ZoneChangeKind.Changed], reload.Changes.Select(c => c.Kind));
        Catalog.Commit(reload);
        Assert.Equal(["x.example.", "y.example."], Catalog.Current.Zones.Select(z => z.Name).Order());
        Assert.Equal("y.example.", _h.Status("a.zone").Zone!.Name);
    }

    [Fact]
    public void A_zone_that_cannot_move_keeps_its_origin_so_a_new_file_for_that_origin_is_refused()
    {
        _h.Write("a.zone", ZoneText("x.example.", 1));
        _h.Write("b.zone", ZoneText("y.example.", 1));
        _h.Reload();

        // a.zone would move to y (still b's), so it keeps x; c.zone (new, x) is refused too.
        _h.Write("a.zone", ZoneText("y.example.", 2));
        _h.Write("0.zone", ZoneText("x.example.", 2));
        var reload = Catalog.Prepare();

        Assert.Equal(
            [(_h.Shown("0.zone"), ZoneChangeKind.Failed), (_h.Shown("a.zone"), ZoneChangeKind.Failed)],
            reload.Changes.Select(c => (c.Path, c.Kind)));
        Assert.Contains(reload.Changes[0].Diagnostics, d => d.Message == "zone x.example. is already loaded from a.zone");
        Assert.Contains(reload.Changes[1].Diagnostics, d => d.Message == "zone y.example. is already loaded from b.zone");
        Catalog.Commit(reload);
        Assert.Equal(["x.example.", "y.example."], Catalog.Current.Zones.Select(z => z.Name).Order());
    }

    [Fact]
    public void Of_two_new_files_with_one_origin_the_first_in_file_name_order_loads()
    {
        _h.Write("b.zone", ZoneText("x.example.", 1));
        _h.Write("a.zone", ZoneText("x.example.", 1));

        var reload = Catalog.Prepare();

        Assert.Equal([ZoneChangeKind.Added, ZoneChangeKind.Failed], reload.Changes.Select(c => c.Kind));
        Assert.Contains(reload.Changes[1].Diagnostics, d => d.Message == "zone x.example. is already loaded from a.zone");
        Assert.Single(reload.Candidate().Zones);
    }

    [Fact]
    public void Renaming_a_zone_file_moves_the_zone_to_the_new_file()
    {
        _h.Write("a.zone", ZoneText("x.example.", 1));
        _h.Reload();

        _h.Delete("a.zone");
        _h.Write("z.zone", ZoneText("x.example.", 2));
        var reload = Catalog.Prepare();

        Assert.Equal([ZoneChangeKind.Removed, ZoneChangeKind.Added], reload.Changes.Select(c => c.Kind));
        Catalog.Commit(reload);
        Assert.Equal(2u, _h.Serving("x.example.").Serial);
        Assert.Equal([_h.Shown("z.zone")], Catalog.Status.Select(s => s.Path));
    }

    [Fact]
    public void A_rejected_removal_keeps_its_zone_and_displaces_a_new_file_with_the_same_origin()
    {
        _h.Write("a.zone", ZoneText("x.example.", 1));
        _h.Reload();
        var old = _h.Serving("x.example.");
        _h.Delete("a.zone");
        _h.Write("z.zone", ZoneText("x.example.", 2));
        var reload = Catalog.Prepare();
        var refusal = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("zones/a.tests", 1, 1), "policy test failed");

        Assert.Same(old, reload.Candidate([_h.Shown("a.zone")]).Zones.Single());
        Catalog.Commit(reload, new Dictionary<string, IReadOnlyList<Diagnostic>> { [_h.Shown("a.zone")] = [refusal] });

        Assert.Same(old, _h.Serving("x.example."));
        Assert.Equal(ZoneReloadResult.Rejected, _h.Status("a.zone").LastResult);
        Assert.Equal([refusal], _h.Status("a.zone").Errors);
        var displaced = _h.Status("z.zone");
        Assert.Equal(ZoneReloadResult.Rejected, displaced.LastResult);
        Assert.Contains("still served from a.zone", Assert.Single(displaced.Errors).Message, StringComparison.Ordinal);
        // Neither is reported again until something changes.
        Assert.Empty(Catalog.Prepare().Changes);
    }

    [Fact]
    public void A_rejected_change_keeps_the_old_zone_and_records_the_diagnostics()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Write("b.zone", ZoneText("b.example.", 1));
        _h.Reload();
        var a = _h.Serving("a.example.");
        _h.Write("a.zone", ZoneText("a.example.", 2));
        _h.Write("b.zone", ZoneText("b.example.", 2));
        var reload = Catalog.Prepare();
        var refusal = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation("zones/a.example.tests", 3, 1), "www.a.example. A from 192.0.2.1: expected 192.0.2.10, got 192.0.2.80");

        var candidate = reload.Candidate([_h.Shown("a.zone")]);
        Assert.Same(a, candidate.Zones.Single(z => z.Name == "a.example."));
        Assert.Equal(2u, candidate.Zones.Single(z => z.Name == "b.example.").Serial);
        // Asking for candidates changes nothing.
        Assert.Equal(1u, _h.Serving("b.example.").Serial);

        Catalog.Commit(reload, new Dictionary<string, IReadOnlyList<Diagnostic>> { [_h.Shown("a.zone")] = [refusal] });

        Assert.Same(a, _h.Serving("a.example."));
        Assert.Equal(2u, _h.Serving("b.example.").Serial);
        var status = _h.Status("a.zone");
        Assert.Equal(ZoneReloadResult.Rejected, status.LastResult);
        Assert.Equal([refusal], status.Errors);
        Assert.Equal((1, 0, 1), (status.Loads, status.Failures, status.Rejections));
        Assert.Same(a, status.Zone);

        // Not retried on every scan; Invalidate (its tests changed) retries it.
        Assert.Empty(Catalog.Prepare().Changes);
        Assert.True(Catalog.Invalidate(_h.Shown("a.zone")));
        Assert.False(Catalog.Invalidate(_h.Shown("nope.zone")));
        var retry = Catalog.Prepare();
        Assert.Equal(ZoneChangeKind.Changed, Assert.Single(retry.Changes).Kind);
        Catalog.Commit(retry);
        Assert.Equal((2, 0, 1), (_h.Status("a.zone").Loads, _h.Status("a.zone").Failures, _h.Status("a.zone").Rejections));
        Assert.Empty(_h.Status("a.zone").Errors);
    }

    [Fact]
    public void A_reload_prepared_before_another_commit_cannot_be_committed()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        var first = Catalog.Prepare();
        var second = Catalog.Prepare();
        Catalog.Commit(second);

        Assert.Throws<InvalidOperationException>(() => Catalog.Commit(first));
        Assert.Throws<InvalidOperationException>(() => Catalog.Commit(second));
        using var other = new CatalogHarness();
        Assert.Throws<InvalidOperationException>(() => other.Catalog.Commit(Catalog.Prepare()));
        Assert.Throws<InvalidOperationException>(() => Catalog.Commit(new ZoneReload()));
        Assert.Equal(1, _h.Status("a.zone").Loads);
    }

    [Fact]
    public void Failures_loads_and_rejections_are_counted_per_file()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();
        string path = _h.Shown("a.zone");
        var steps = new (string Text, bool Reject, ZoneReloadResult Result, long Loads, long Failures, long Rejections)[]
        {
            (ZoneText("a.example.", 2, "bad A x"), false, ZoneReloadResult.Failed, 1, 1, 0),
            (ZoneText("a.example.", 3, "bad A y"), false, ZoneReloadResult.Failed, 1, 2, 0),
            (ZoneText("a.example.", 4), true, ZoneReloadResult.Rejected, 1, 2, 1),
            (ZoneText("a.example.", 5), false, ZoneReloadResult.Loaded, 2, 2, 1),
        };
        foreach (var step in steps)
        {
            _h.Write("a.zone", step.Text);
            var reload = Catalog.Prepare();
            Catalog.Commit(reload, step.Reject ? new Dictionary<string, IReadOnlyList<Diagnostic>> { [path] = [] } : null);
            var status = _h.Status("a.zone");
            Assert.Equal((step.Result, step.Loads, step.Failures, step.Rejections), (status.LastResult, status.Loads, status.Failures, status.Rejections));
        }
        Assert.Equal(5u, _h.Serving("a.example.").Serial);
    }

    [Fact]
    public void A_missing_directory_changes_nothing_and_says_so()
    {
        _h.Write("a.zone", ZoneText("a.example.", 1));
        _h.Reload();
        var current = Catalog.Current;
        Directory.Move(_h.Root, _h.Root + "-moved");
        try
        {
            var reload = Catalog.Prepare();

            Assert.Empty(reload.Changes);
            Assert.Equal($"{_h.Root}:0:0: error: zone directory does not exist; the zones loaded from it keep serving", Assert.Single(reload.Diagnostics).ToString());
            Assert.Same(current, Catalog.Commit(reload));
        }
        finally
        {
            Directory.Move(_h.Root + "-moved", _h.Root);
        }
    }
}
