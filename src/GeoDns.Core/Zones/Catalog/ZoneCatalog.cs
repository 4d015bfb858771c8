using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// The zone files of one directory and what each serves: scans find what changed (main file or
/// any <c>$INCLUDE</c>d file, by mtime and size), load only those, and a commit puts the result
/// into service; a file with errors never replaces its good zone. Not thread-safe: one owner (the
/// server's reload loop) calls it; <see cref="Current"/>, <see cref="Status"/> and
/// <see cref="WatchedFiles"/> are replaced whole by a commit, so other threads may read them.
/// Scanning is in <c>ZoneCatalog.Scan.cs</c>.
/// </summary>
public sealed partial class ZoneCatalog
{
    private readonly SortedDictionary<string, CatalogEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Region numbering without topology, shared by every zone of the catalog (see <see cref="ZoneLoader.LoadDirectory"/>).</summary>
    private IReadOnlyList<string> _regionNames = [];

    /// <summary>Commits so far: a reload prepared before the last commit is stale.</summary>
    private long _generation;

    /// <param name="directory">The zone directory as diagnostics should show it (e.g. <c>zones</c>); relative paths are relative to the working directory.</param>
    public ZoneCatalog(string directory, ZoneCatalogOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Directory = directory;
        Options = options;
        Time = time;
        _regionNames = options.LoadOptions?.Regions ?? [];
    }

    /// <summary>The directory scanned (as shown in diagnostics).</summary>
    public string Directory { get; }

    /// <summary>The options in force (a committed reload prepared with other options adopts them).</summary>
    public ZoneCatalogOptions Options { get; private set; }

    private TimeProvider Time { get; }

    /// <summary>The zones in service.</summary>
    public ZoneSet Current { get; private set; } = ZoneSet.Empty;

    /// <summary>Every zone file known, in file-name order.</summary>
    public IReadOnlyList<ZoneFileStatus> Status { get; private set; } = [];

    /// <summary>Every file read for the zones (main files and includes, and includes that were missing), absolute paths: what to watch.</summary>
    public IReadOnlyCollection<string> WatchedFiles { get; private set; } = [];

    /// <summary>
    /// Makes the next <see cref="Prepare"/> reload <paramref name="path"/> (a <see cref="ZoneFileStatus.Path"/>)
    /// although it did not change, e.g. because its policy tests did. False when the file is unknown.
    /// </summary>
    public bool Invalidate(string path)
    {
        foreach (var entry in _entries.Values)
        {
            if (!string.Equals(entry.Path, path, StringComparison.Ordinal)) continue;
            entry.Invalidated = true;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Puts <paramref name="reload"/> into service and returns the new <see cref="Current"/>. Files
    /// in <paramref name="rejected"/> (by <see cref="ZoneChange.Path"/>) keep their previous zone and
    /// record the given diagnostics (policy-test failures) as their error, with result
    /// <see cref="ZoneReloadResult.Rejected"/>; a rejected Failed change stays Failed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reload was not prepared by this catalog, or another reload was committed since it was prepared.</exception>
    public ZoneSet Commit(ZoneReload reload, IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>>? rejected = null)
    {
        ArgumentNullException.ThrowIfNull(reload);
        if (!ReferenceEquals(reload.Catalog, this)) throw new InvalidOperationException("the reload was not prepared by this zone catalog");
        if (reload.Generation != _generation) throw new InvalidOperationException("the reload is stale: another reload was committed after it was prepared; prepare again");

        var refusedPaths = rejected is null ? null : new HashSet<string>(rejected.Keys, StringComparer.Ordinal);
        var plan = reload.Plan(refusedPaths, out var displaced);
        var now = Time.GetUtcNow();
        foreach (var file in reload.Files)
        {
            var change = file.Change;
            if (!_entries.TryGetValue(file.Name, out var entry))
            {
                entry = new CatalogEntry(file.Name, change.Path);
                _entries.Add(file.Name, entry);
            }
            entry.Invalidated = false;
            entry.BlockedBy = change.Kind == ZoneChangeKind.Failed ? file.BlockedBy : null;
            IReadOnlyList<Diagnostic>? refusal = null;
            bool refused = rejected is not null && rejected.TryGetValue(change.Path, out refusal);
            if (!refused && displaced.Contains(file.Name))
            {
                refused = true;
                refusal = [Displaced(change, plan)];
            }

            switch (change.Kind)
            {
                case ZoneChangeKind.Removed when !refused:
                    _entries.Remove(file.Name);
                    break;
                case ZoneChangeKind.Removed:
                    entry.RemovalRejected = true;
                    entry.Files = [new WatchedFile(change.Path, FileStamp.Missing)];
                    Reject(entry, refusal, now);
                    break;
                case ZoneChangeKind.Failed:
                    entry.RemovalRejected = false;
                    entry.Files = file.Files;
                    entry.LastResult = ZoneReloadResult.Failed;
                    entry.LastAttempt = now;
                    entry.Errors = Select(change.Diagnostics, errors: true);
                    entry.Warnings = Select(change.Diagnostics, errors: false);
                    entry.Failures++;
                    if (change.Fallback is { Zone: { } copy } && plan.TryGetValue(file.Name, out var planned) && ReferenceEquals(planned, copy))
                    {
                        entry.Zone = copy;
                        entry.LoadedAt = now;
                        entry.Fallback = change.Fallback.Path;
                    }
                    break;
                default:
                    entry.RemovalRejected = false;
                    entry.Files = file.Files;
                    if (refused)
                    {
                        Reject(entry, refusal, now);
                        break;
                    }
                    entry.Zone = change.Zone;
                    entry.Fallback = null;
                    entry.LoadedAt = now;
                    entry.LastResult = ZoneReloadResult.Loaded;
                    entry.LastAttempt = now;
                    entry.Errors = [];
                    entry.Warnings = Select(change.Diagnostics, errors: false);
                    entry.Loads++;
                    break;
            }
        }

        Options = reload.Options;
        _regionNames = reload.RegionNames;
        _generation++;
        if (reload.Files.Count > 0) Current = new ZoneSet(plan.Values);
        Refresh();
        return Current;
    }

    private static void Reject(CatalogEntry entry, IReadOnlyList<Diagnostic>? refusal, DateTimeOffset now)
    {
        entry.LastResult = ZoneReloadResult.Rejected;
        entry.LastAttempt = now;
        entry.Errors = refusal ?? [];
        entry.Warnings = [];
        entry.Rejections++;
    }

    private static Diagnostic Displaced(ZoneChange change, SortedDictionary<string, Zone> plan)
    {
        string other = "another file";
        foreach (var (name, zone) in plan)
        {
            if (change.Zone is not null && zone.Origin.AsSpan().SequenceEqual(change.Zone.Origin)) other = name;
        }
        return new Diagnostic(
            DiagnosticSeverity.Error,
            new SourceLocation(change.Path, 1, 1),
            $"zone {change.Zone?.Name} is still served from {other} (its removal was rejected)");
    }

    private static Diagnostic[] Select(IReadOnlyList<Diagnostic> diagnostics, bool errors)
    {
        int count = 0;
        foreach (var d in diagnostics) count += d.IsError == errors ? 1 : 0;
        if (count == 0) return [];
        var selected = new Diagnostic[count];
        int i = 0;
        foreach (var d in diagnostics)
        {
            if (d.IsError == errors) selected[i++] = d;
        }
        return selected;
    }

    private void Refresh()
    {
        var status = new ZoneFileStatus[_entries.Count];
        var watched = new SortedSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (var entry in _entries.Values)
        {
            status[i++] = entry.ToStatus();
            foreach (var file in entry.Files) watched.Add(Absolute(file.Path));
        }
        Status = status;
        WatchedFiles = watched.ToArray();
    }

    private static string Absolute(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }
}
