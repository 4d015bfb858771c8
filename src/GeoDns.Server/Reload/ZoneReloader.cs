using System.Diagnostics;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Configuration;
using GeoDns.Server.PolicyTests;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>
/// Zone files: the initial load, live scans, policy tests. The only user of the
/// <see cref="ZoneCatalog"/> (run by the reload loop, after the initial load); publishes the zones
/// in service on <see cref="ServingState"/> and the zone and policy status on the <see cref="ReloadStatusCell"/>.
/// </summary>
internal sealed class ZoneReloader
{
    private readonly ServingState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LastGoodCopies _lastGood;
    private readonly ReloadStatusCell _status;
    private readonly DeferredRescan _zonesLater;

    /// <summary>Why the zones directory could not be listed at the last scan (logged once), or null when it could.</summary>
    private string? _directoryProblem;

    /// <summary>Fingerprints of the policy test files last run, by full path.</summary>
    private readonly Dictionary<string, Fingerprint> _testsSeen = new(StringComparer.Ordinal);

    public ZoneReloader(GeoDnsConfiguration configuration, ServingState state, TimeProvider time, ILogger logger, ReloadStatusCell status, DeferredRescan zonesLater)
    {
        _state = state;
        _time = time;
        _logger = logger;
        _status = status;
        _zonesLater = zonesLater;
        _lastGood = new LastGoodCopies(logger);
        CatalogOptions = RuntimeSettings.ZoneCatalog(configuration, null);
        Catalog = new ZoneCatalog(DisplayPaths.For(configuration.ZonesDirectory), CatalogOptions, time);
    }

    /// <summary>The zone files, their zones and their status; only the reload loop (and the initial load before it) uses it.</summary>
    public ZoneCatalog Catalog { get; }

    /// <summary>The options the next scan passes the catalog (replaced by a configuration reload).</summary>
    public ZoneCatalogOptions CatalogOptions { get; set; }

    /// <summary>Called at the end of each scan (the loop watches the directories of included files).</summary>
    public Action? Scanned { get; set; }

    private GeoDnsConfiguration Configuration => _status.Current.Configuration;

    private IReadOnlyList<ZoneFileStatus> ZoneStatus => _status.Current.ZoneStatus;

    private IReadOnlyDictionary<string, PolicyStatus> PolicyStatus => _status.Current.PolicyStatus;

    /// <summary>Writes the last-good copies asked for so far (at stop).</summary>
    public Task FlushLastGoodAsync() => _lastGood.FlushAsync();

    /// <summary>
    /// The zone load at start, through the same catalog as every reload: logs each zone, each
    /// diagnostic and the totals, publishes the zones, runs the policy tests (failures are logged
    /// as errors: a server that starts serves what loaded). A zone file that does not load is
    /// served from its last-good copy when there is one (<c>Zones:LastGoodDirectory</c>), with a
    /// warning; its policy tests are not run. Returns the zones served and the files that failed.
    /// </summary>
    /// <exception cref="ZoneLoadFailedException">A zone file did not load and <c>Zones:RequireAll</c> is true.</exception>
    public (int Zones, int Failed) LoadInitialZones()
    {
        var watch = Stopwatch.StartNew();
        _logger.LoadingZones(Catalog.Directory);
        if (!Directory.Exists(Catalog.Directory))
        {
            _logger.ZonesDirectoryMissing(Catalog.Directory);
            return (0, 0);
        }
        var zonesOptions = Configuration.Zones;
        string? lastGood = zonesOptions.LastGoodDirectory;
        // Nothing is deferred at start: files written just before are loaded as they are.
        var reload = Catalog.Prepare(
            options: CatalogOptions with { QuietPeriod = TimeSpan.Zero },
            fallback: zonesOptions.RequireAll ? null : name => LastGoodCopies.Existing(lastGood, name) is { } copy ? DisplayPaths.For(copy) : null);
        int failed = 0, records = 0;
        LogDiagnostics(reload.Diagnostics);
        // Logged: the first poll that finds the directory in the same state says nothing more.
        _directoryProblem = reload.Diagnostics.Count > 0 ? reload.Diagnostics[0].Message : null;
        foreach (var change in reload.Changes)
        {
            LogDiagnostics(change.Diagnostics);
            if (change.Kind is ZoneChangeKind.Added or ZoneChangeKind.Changed && change.Zone is { } zone)
            {
                records += zone.RecordCount;
                _logger.ZoneLoaded(zone.Name, zone.Serial, zone.RecordCount, change.Path);
            }
            else if (change.Kind == ZoneChangeKind.Failed)
            {
                failed++;
                if (zonesOptions.RequireAll) throw ZoneLoadFailedException.For(change);
            }
        }
        var zones = Catalog.Commit(reload);
        PublishStatus();
        _state.SetZones(zones);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in reload.Changes)
        {
            if (change.Kind != ZoneChangeKind.Failed) continue;
            var served = StatusOf(ZoneStatus, change.Path);
            if (served is { Fallback: { } copy, Zone: { } zone })
            {
                records += zone.RecordCount;
                _logger.ServingLastGood(change.Path, FirstError(change.Diagnostics), copy, zone.Name, zone.Serial, zone.RecordCount);
                skipped[change.Path] = "they test the broken file, not the last good copy served in its place";
                continue;
            }
            if (change.Fallback is { } unusable)
            {
                string reason = unusable.Zone is null
                    ? $"it does not load ({FirstError(unusable.Diagnostics)})"
                    : $"another zone file serves {unusable.Zone.Name}";
                _logger.LastGoodUnusable(change.Path, unusable.Path, reason);
            }
            _logger.ZoneFailed(change.Path);
            skipped[change.Path] = "their failures would only repeat its load error (its names are REFUSED)";
        }
        _logger.ZonesLoaded(zones.Zones.Count, records, watch.ElapsedMilliseconds);
        SaveLastGood(reload);
        // Every test file runs once against what is served (but those of a zone file that did not
        // load); failures do not stop the start.
        RunChangedTestFiles(null, [], atStart: true, skipped: skipped);
        return (zones.Zones.Count, failed);
    }

    /// <summary>
    /// After a commit: queues the last-good copy of every zone that went into service from its
    /// file, and the deletion of the copy of every zone file removed. Nothing when
    /// <c>Zones:LastGoodDirectory</c> is off.
    /// </summary>
    public void SaveLastGood(ZoneReload reload)
    {
        if (Configuration.Zones.LastGoodDirectory is not { } directory) return;
        var status = ZoneStatus;
        foreach (var change in reload.Changes)
        {
            var file = StatusOf(status, change.Path);
            switch (change.Kind)
            {
                case ZoneChangeKind.Added or ZoneChangeKind.Changed when file is { Fallback: null, Zone: { } zone } && ReferenceEquals(zone, change.Zone):
                    _lastGood.Save(directory, change.Path, zone);
                    break;
                case ZoneChangeKind.Removed when file is null:
                    _lastGood.Delete(directory, change.Path);
                    break;
            }
        }
    }

    private static string FirstError(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.IsError) return diagnostic.ToString();
        }
        return "no error reported";
    }

    /// <summary>One scan of the zones directory: load what changed, test it, commit, publish, log.</summary>
    /// <param name="now">
    /// An explicit reload (<c>POST /v1/reload</c>, SIGHUP): files are read however recently they
    /// were written, as the configuration and the database are; a script that copies a zone and
    /// then asks for a reload gets the change in the report, not a deferral it cannot see.
    /// </param>
    public void ReloadZones(List<ZoneChangeReport> reports, bool now = false)
    {
        if (!Directory.Exists(Catalog.Directory))
        {
            DirectoryState("zone directory does not exist; the zones loaded from it keep serving");
            return;
        }
        var configuration = Configuration;
        long started = _time.GetTimestamp();
        // Other options than the catalog's are adopted on commit; the next scan passes CatalogOptions again.
        var scanOptions = ReferenceEquals(Catalog.Options, CatalogOptions) ? null : CatalogOptions;
        if (now) scanOptions = CatalogOptions with { QuietPeriod = TimeSpan.Zero };
        var reload = Catalog.Prepare(options: scanOptions);
        if (reload.Diagnostics.Count > 0)
        {
            // Nothing was looked at (the directory cannot be listed): what is served stays, and the
            // problem is logged once, not at every poll.
            DirectoryState(reload.Diagnostics[0].Message);
            Scanned?.Invoke();
            return;
        }
        DirectoryState(null);
        if (reload.Deferred) _zonesLater.Due = _time.GetUtcNow() + (configuration.Zones.QuietPeriod + TimeSpan.FromMilliseconds(20));

        var rejected = new Dictionary<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
        var appliedAnyway = new Dictionary<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
        var tested = new HashSet<string>(StringComparer.Ordinal);
        ZoneSet? candidate = null;
        var topology = _status.Current.Geo.Topology;
        bool enforce = configuration.Zones.RequirePassingTests;
        var passed = new List<(string Zone, string Tests)>();
        var changed = new List<string>();
        var going = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in reload.Changes)
        {
            if (change.Kind == ZoneChangeKind.Removed && PolicyTestFile.PathFor(change.Path) is { } orphan) going.Add(Path.GetFullPath(orphan));
            if (change.Kind is not (ZoneChangeKind.Added or ZoneChangeKind.Changed)) continue;
            changed.Add(change.Path);
            string? tests = PolicyTestFile.PathFor(change.Path);
            if (tests is null) continue;
            candidate ??= reload.Candidate();
            var result = RunTests(tests, candidate, topology, enforce ? "the new zone" : "the new zone, applied anyway: Zones:RequirePassingTests is false");
            tested.Add(Path.GetFullPath(tests));
            if (result.Success)
            {
                passed.Add((change.Path, tests));
                continue;
            }
            if (enforce)
            {
                rejected[change.Path] = result.Failures;
                continue;
            }
            // Not enforced: each failure is still logged (and reported), as for a rejected zone.
            foreach (var failure in result.Failures) _logger.ZoneError(failure.ToString());
            appliedAnyway[change.Path] = result.Failures;
        }
        // The other zones' tests may query the changed zones (a test may query any zone): a change
        // that breaks tests which pass against what is served now is held back like one that breaks its own.
        if (changed.Count > 0)
        {
            candidate ??= reload.Candidate();
            var inService = _state.Current;
            var options = PolicyRunOptions.From(configuration);
            foreach (string tests in TestFiles())
            {
                string full = Path.GetFullPath(tests);
                if (tested.Contains(full) || going.Contains(full) || !File.Exists(full)) continue;
                var file = PolicyTestFile.Load(tests);
                if (PolicyRunner.Run(file, candidate, topology, options).Success) continue;
                // Failing already against what is served: not this change's doing (a changed test file is run on its own).
                if (!PolicyRunner.Run(file, inService.Zones, inService.Topology, options).Success) continue;
                var result = RunTests(tests, candidate, topology, enforce ? "the changes of other zones" : "the changes of other zones, applied anyway: Zones:RequirePassingTests is false");
                tested.Add(full);
                if (!enforce)
                {
                    foreach (var failure in result.Failures) _logger.ZoneError(failure.ToString());
                    continue;
                }
                foreach (string zone in changed)
                {
                    rejected.TryAdd(zone, result.Failures);
                    passed.RemoveAll(p => p.Zone == zone);
                }
            }
        }
        // The tests above ran against every change at once; a zone whose tests query another changed
        // zone that was rejected must pass against what will really be served, or be held back too.
        while (enforce && rejected.Count > 0 && passed.Count > 0)
        {
            var served = reload.Candidate(rejected.Keys);
            int before = rejected.Count;
            for (int i = passed.Count - 1; i >= 0; i--)
            {
                var (zone, tests) = passed[i];
                var result = RunTests(tests, served, topology, "the new zone without the rejected changes of other zones", logPass: false);
                if (result.Success) continue;
                rejected[zone] = result.Failures;
                passed.RemoveAt(i);
            }
            if (rejected.Count == before) break;
        }
        if (reload.Changes.Count > 0)
        {
            var zones = Catalog.Commit(reload, rejected.Count > 0 ? rejected : null);
            // Status first: whoever sees the new answers also sees the status that explains them.
            PublishStatus();
            _state.SetZones(zones);
            SaveLastGood(reload);
        }
        long elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        Report(reload, rejected, elapsed, reports, appliedAnyway);
        RunChangedTestFiles(tested, reports, atStart: false, now);
        if (reload.Changes.Count > 0) RefreshFailingTests(tested);
        Scanned?.Invoke();
    }

    /// <summary>
    /// Test files whose last run failed and that did not run in this scan run again against what
    /// is served now; a pass is recorded (and logged), so <c>GET /v1/zones</c> does not keep showing
    /// failures the zones in service no longer have. A file still failing is left as it was (not logged again).
    /// </summary>
    private void RefreshFailingTests(HashSet<string> tested)
    {
        var snapshot = _state.Current;
        var options = PolicyRunOptions.From(Configuration);
        foreach (var (full, status) in PolicyStatus)
        {
            if (status.Failures.Count == 0 || tested.Contains(full) || !File.Exists(full)) continue;
            if (!PolicyRunner.Run(PolicyTestFile.Load(status.File), snapshot.Zones, snapshot.Topology, options).Success) continue;
            RunTests(status.File, snapshot.Zones, snapshot.Topology, "against the zones in service");
        }
    }

    /// <summary>Logs every change of a committed reload and adds it to the report.</summary>
    /// <param name="appliedAnyway">Files served although their policy tests fail (<c>Zones:RequirePassingTests</c> false): the failures become warnings of the report.</param>
    public void Report(
        ZoneReload reload,
        IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>> rejected,
        long elapsedMs,
        List<ZoneChangeReport> reports,
        IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>>? appliedAnyway = null)
    {
        var status = ZoneStatus;
        if (reload.Diagnostics.Count > 0) DirectoryState(reload.Diagnostics[0].Message);
        foreach (var change in reload.Changes)
        {
            LogDiagnostics(change.Diagnostics);
            var errors = new List<string>();
            var warnings = new List<string>();
            foreach (var diagnostic in change.Diagnostics) (diagnostic.IsError ? errors : warnings).Add(diagnostic.ToString());
            if (appliedAnyway is not null && appliedAnyway.TryGetValue(change.Path, out var untested))
            {
                foreach (var failure in untested) warnings.Add(failure.ToString());
            }
            var file = StatusOf(status, change.Path);
            var served = file?.Zone;
            string result;
            IReadOnlyList<Diagnostic>? failures = null;
            if (rejected.TryGetValue(change.Path, out failures)
                || (change.Kind is not ZoneChangeKind.Failed && file is { LastResult: ZoneReloadResult.Rejected } && (failures = file.Errors) is not null))
            {
                result = "rejected";
                foreach (var failure in failures)
                {
                    _logger.ZoneError(failure.ToString());
                    errors.Add(failure.ToString());
                }
                _logger.ZoneRejected(change.Path, failures.Count, Serving(change.Previous));
            }
            else
            {
                switch (change.Kind)
                {
                    case ZoneChangeKind.Added or ZoneChangeKind.Changed:
                        result = change.Kind == ZoneChangeKind.Added ? "added" : "changed";
                        var zone = served ?? change.Zone!;
                        _logger.ZoneReloaded(zone.Name, zone.Serial, zone.RecordCount, change.Path, result, elapsedMs);
                        break;
                    case ZoneChangeKind.Removed:
                        result = "removed";
                        if (change.Previous is { } gone) _logger.ZoneRemoved(gone.Name, change.Path);
                        else _logger.ZoneFileRemoved(change.Path);
                        break;
                    default:
                        result = "failed";
                        _logger.ZoneReloadFailed(change.Path, Serving(change.Previous));
                        break;
                }
            }
            var name = served?.Name ?? change.Zone?.Name ?? change.Previous?.Name;
            reports.Add(new ZoneChangeReport(change.Path, name, result, served?.Serial, served?.RecordCount, errors, warnings));
        }
    }

    /// <summary>
    /// Logs a change of the zones directory's state only: the first scan that cannot list it (and a
    /// different reason later), and the first that can again; a poll every 2 s logs nothing more.
    /// </summary>
    private void DirectoryState(string? problem)
    {
        if (string.Equals(problem, _directoryProblem, StringComparison.Ordinal)) return;
        if (problem is not null) _logger.ZonesDirectoryUnusable(Catalog.Directory, problem);
        else _logger.ZonesDirectoryReadable(Catalog.Directory);
        _directoryProblem = problem;
    }

    private static ZoneFileStatus? StatusOf(IReadOnlyList<ZoneFileStatus> status, string path)
    {
        foreach (var file in status)
        {
            if (file.Path.Equals(path, StringComparison.Ordinal)) return file;
        }
        return null;
    }

    private static string Serving(Zone? previous) =>
        previous is null ? "its names are not served" : $"{previous.Name} serial {previous.Serial} keeps serving";

    private void LogDiagnostics(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.IsError) _logger.ZoneError(diagnostic.ToString());
            else _logger.ZoneWarning(diagnostic.ToString());
        }
    }

    public void PublishStatus()
    {
        IReadOnlyList<ZoneFileStatus> status = [.. Catalog.Status];
        _status.Update(s => s with { ZoneStatus = status });
    }

    /// <summary>Runs one test file and records (and logs) its result.</summary>
    /// <param name="logPass">False: a pass is recorded but not logged (a second run of tests that passed already).</param>
    public PolicyResult RunTests(string path, ZoneSet zones, GeoTopology topology, string against = "the new zone", GeoDnsConfiguration? configuration = null, bool logPass = true)
    {
        var result = PolicyRunner.Run(PolicyTestFile.Load(path), zones, topology, PolicyRunOptions.From(configuration ?? Configuration));
        string full = Path.GetFullPath(path);
        _testsSeen[full] = Fingerprint.Of(full);
        var failures = new List<string>();
        foreach (var failure in result.Failures) failures.Add(failure.ToString());
        var run = new PolicyStatus(result.Path, _time.GetUtcNow(), result.Passed, failures, against);
        _status.Update(s => s with
        {
            PolicyStatus = new Dictionary<string, PolicyStatus>(s.PolicyStatus, StringComparer.Ordinal) { [full] = run },
        });
        if (result.Success)
        {
            if (logPass) _logger.PolicyPassed(result.Path, result.Passed);
        }
        else _logger.PolicyFailed(result.Path, result.Failures.Count, result.Passed, against);
        return result;
    }

    /// <summary>
    /// A test file changed: every zone file last rejected by policy tests (its own, or another
    /// zone's that query it) is marked for reloading and a scan scheduled. True when the zone of
    /// <paramref name="testFile"/> is one of them (its tests then run with it).
    /// </summary>
    private bool RetryRejectedZone(string testFile)
    {
        string zoneFile = Path.GetFullPath(PolicyTestFile.ZoneFileFor(testFile));
        bool own = false;
        foreach (var file in ZoneStatus)
        {
            if (file.LastResult != ZoneReloadResult.Rejected || !Catalog.Invalidate(file.Path)) continue;
            _zonesLater.Due = _time.GetUtcNow();
            own |= Path.GetFullPath(file.Path).Equals(zoneFile, StringComparison.Ordinal);
        }
        return own;
    }

    /// <summary>
    /// Test files that changed on their own (not run with their zone in this scan) run against the
    /// zones in service: the result is logged and reported, nothing served changes.
    /// </summary>
    /// <param name="skipped">At start: zone files (by path) whose tests are not run, with the reason.</param>
    private void RunChangedTestFiles(HashSet<string>? tested, List<ZoneChangeReport> reports, bool atStart, bool now = false, IReadOnlyDictionary<string, string>? skipped = null)
    {
        // The directory cannot be listed (logged once): its test files cannot be either.
        if (_directoryProblem is not null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var quiet = Configuration.Zones.QuietPeriod;
        var snapshot = _state.Current;
        foreach (string path in Directory.EnumerateFiles(Catalog.Directory, "*" + PolicyTestFile.Extension))
        {
            string full = Path.GetFullPath(path);
            seen.Add(full);
            var fingerprint = Fingerprint.Of(full);
            if (tested is not null && tested.Contains(full)) continue;
            if (_testsSeen.TryGetValue(full, out var last) && last == fingerprint) continue;
            if (!atStart && !now && _time.GetUtcNow().UtcDateTime - fingerprint.WriteTimeUtc < quiet)
            {
                // Still being written: look again once it is quiet.
                _zonesLater.Due = _time.GetUtcNow() + (quiet + TimeSpan.FromMilliseconds(20));
                continue;
            }
            if (skipped is not null && skipped.TryGetValue(PolicyTestFile.ZoneFileFor(path), out string? reason))
            {
                // Seen: the next scan does not run them either; they run with their zone file once it loads.
                _testsSeen[full] = fingerprint;
                _logger.PolicySkipped(path, PolicyTestFile.ZoneFileFor(path), reason);
                continue;
            }
            if (!atStart && RetryRejectedZone(path))
            {
                // Its zone was refused by the old tests: load it again, with the new tests deciding.
                _testsSeen[full] = fingerprint;
                continue;
            }
            var result = RunTests(path, snapshot.Zones, snapshot.Topology, "against the zones in service");
            if (atStart)
            {
                foreach (var failure in result.Failures) _logger.ZoneError(failure.ToString());
                continue;
            }
            var errors = new List<string>();
            foreach (var failure in result.Failures)
            {
                _logger.ZoneError(failure.ToString());
                errors.Add(failure.ToString());
            }
            reports.Add(new ZoneChangeReport(result.Path, null, "tests", null, null, errors, []));
        }
        var gone = new List<string>();
        foreach (string known in _testsSeen.Keys)
        {
            if (!seen.Contains(known)) gone.Add(known);
        }
        if (gone.Count == 0) return;
        foreach (string path in gone) _testsSeen.Remove(path);
        _status.Update(s =>
        {
            var policy = new Dictionary<string, PolicyStatus>(s.PolicyStatus, StringComparer.Ordinal);
            foreach (string path in gone) policy.Remove(path);
            return s with { PolicyStatus = policy };
        });
    }

    /// <summary>Every policy test file of the zone files known (what a new configuration must pass).</summary>
    public List<string> TestFiles()
    {
        var files = new List<string>();
        foreach (var status in Catalog.Status)
        {
            if (status.Zone is not null && PolicyTestFile.PathFor(status.Path) is { } tests) files.Add(tests);
        }
        return files;
    }
}
