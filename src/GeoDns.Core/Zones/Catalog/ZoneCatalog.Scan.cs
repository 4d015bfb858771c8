using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Zones.Catalog;

// Prepare: scan the directory, decide what changed, load it and apply the zone-level rules.
public sealed partial class ZoneCatalog
{
    /// <summary>
    /// Scans the directory and loads what changed, without putting anything into service (it
    /// only reads files). A file changed when its stamp (mtime, length) or that of any file it
    /// included differs from when it was read (an include that appeared or went away counts).
    /// A file, include or deletion younger than <see cref="ZoneCatalogOptions.QuietPeriod"/> is
    /// left for a later scan (<see cref="ZoneReload.Deferred"/>). <paramref name="force"/> reloads
    /// every file (a new topology); <paramref name="options"/> prepares against other options
    /// (adopted on commit). Without topology, regions keep the catalog's numbering (new names
    /// appended); a forced scan that defers nothing numbers afresh, exactly as
    /// <see cref="ZoneLoader.LoadDirectory"/> would. <paramref name="fallback"/> names, for a file
    /// name, a copy of what that file served before: when the file fails and serves nothing, the
    /// copy is loaded in its place (same options and region numbering) and reported as the
    /// change's <see cref="ZoneChange.Fallback"/>; null, or a null path: nothing is loaded instead.
    /// </summary>
    public ZoneReload Prepare(bool force = false, ZoneCatalogOptions? options = null, Func<string, string?>? fallback = null)
    {
        options ??= Options;
        var now = Time.GetUtcNow();
        var serving = new List<(string Name, Zone Zone)>(_entries.Count);
        foreach (var entry in _entries.Values)
        {
            if (entry.Zone is { } zone) serving.Add((entry.Name, zone));
        }

        var names = ListZoneFiles(out var problem);
        if (names is null)
        {
            return new ZoneReload(this, _generation, Options, forced: false, [], serving, _regionNames) { Diagnostics = [problem!] };
        }

        // What to load: new files, and known ones whose files' stamps changed.
        bool deferred = false;
        var work = new List<Work>();
        var waiting = new List<Work>();
        var listed = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            string path = Path.Combine(Directory, name);
            _entries.TryGetValue(name, out var entry);
            var before = new List<WatchedFile>();
            bool changed = entry is null || force || entry.Invalidated || entry.RemovalRejected || entry.Files.Count == 0;
            if (entry is null || entry.Files.Count == 0)
            {
                before.Add(new WatchedFile(path, FileStamp.Of(path)));
            }
            else
            {
                foreach (var file in entry.Files)
                {
                    var stamp = FileStamp.Of(file.Path);
                    before.Add(new WatchedFile(file.Path, stamp));
                    changed |= stamp != file.Stamp;
                }
            }
            if (!changed)
            {
                if (entry?.BlockedBy is not null) waiting.Add(new Work(name, path, entry, before));
                continue;
            }
            if (IsQuiet(before, now, options))
            {
                deferred = true;
                continue;
            }
            work.Add(new Work(name, path, entry, before));
        }

        var removed = new List<CatalogEntry>();
        var removedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _entries.Values)
        {
            if (listed.Contains(entry.Name) || (entry.RemovalRejected && !force && !entry.Invalidated)) continue;
            if (IsQuiet([new WatchedFile(entry.Path, FileStamp.Missing)], now, options))
            {
                deferred = true;
                continue;
            }
            removed.Add(entry);
            removedNames.Add(entry.Name);
        }

        // A file that failed only because another file served its origin is tried again when
        // that file goes or is reloaded (it may have let go of the origin).
        if (waiting.Count > 0)
        {
            var reloading = new HashSet<string>(removedNames, StringComparer.Ordinal);
            foreach (var item in work) reloading.Add(item.Name);
            foreach (var item in waiting)
            {
                if (!reloading.Contains(item.Entry!.BlockedBy!) && _entries.ContainsKey(item.Entry.BlockedBy!)) continue;
                if (IsQuiet(item.Before, now, options)) deferred = true;
                else work.Add(item);
            }
            work.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        var fixedRegions = options.LoadOptions?.Regions;
        var registry = fixedRegions is not null ? new RegionRegistry(fixedRegions)
            : RegionRegistry.Growable(force && !deferred ? [] : _regionNames);

        var loads = new List<Load>(work.Count);
        foreach (var item in work)
        {
            var result = LoadOne(item.Path, options, registry);
            var files = Stamps(item, result, out var after);
            if (IsQuiet(after, now, options))
            {
                // An include was being written while we read: try again once it is quiet.
                deferred = true;
                continue;
            }
            loads.Add(new Load(item, result, files));
        }
        var blockedBy = OriginConflicts(loads, removedNames);
        var servingByOrigin = new Dictionary<byte[], Zone>(WireNameComparer.Instance);
        foreach (var (_, zone) in serving) servingByOrigin.TryAdd(zone.Origin, zone);

        var prepared = new List<PreparedFile>(loads.Count + removed.Count);
        foreach (var entry in removed)
        {
            prepared.Add(new PreparedFile(entry.Name, new ZoneChange(entry.Path, ZoneChangeKind.Removed, null, entry.Zone, []), []));
        }
        foreach (var (item, result, files) in loads)
        {
            var previous = item.Entry?.Zone;
            var diagnostics = new List<Diagnostic>(result.Diagnostics);
            if (!result.Success)
            {
                var failed = new ZoneChange(item.Path, ZoneChangeKind.Failed, null, previous, diagnostics);
                if (previous is null && fallback?.Invoke(item.Name) is { } copy) failed = failed with { Fallback = LoadFallback(copy, options, registry) };
                prepared.Add(new PreparedFile(item.Name, failed, files));
                continue;
            }

            var zone = result.Zone!;
            if (blockedBy.TryGetValue(item.Name, out var other))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticSeverity.Error,
                    new SourceLocation(item.Path, 1, 1),
                    $"zone {zone.Name} is already loaded from {other}"));
                prepared.Add(new PreparedFile(item.Name, new ZoneChange(item.Path, ZoneChangeKind.Failed, null, previous, diagnostics), files) { BlockedBy = other });
                continue;
            }

            // The serial must increase over the zone in service, whichever file serves it now (a renamed file).
            if (servingByOrigin.TryGetValue(zone.Origin, out var inService)) zone = CheckSerial(zone, inService, options.AutoSerial, item.Path, diagnostics);
            var kind = previous is null ? ZoneChangeKind.Added : ZoneChangeKind.Changed;
            prepared.Add(new PreparedFile(item.Name, new ZoneChange(item.Path, kind, zone, previous, diagnostics), files));
        }

        prepared.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        IReadOnlyList<string> regionNames = fixedRegions ?? registry.Names.ToArray();
        return new ZoneReload(this, _generation, options, force, prepared, serving, regionNames) { Deferred = deferred };
    }

    /// <summary>
    /// Loads one file; a failure the loader did not foresee fails that file only (reported at its
    /// first line), never the scan: the other files' changes still go into service.
    /// </summary>
    private static ZoneLoadResult LoadOne(string path, ZoneCatalogOptions options, RegionRegistry registry)
    {
        try
        {
            return ZoneLoader.LoadFile(path, options.LoadOptions, registry);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            var error = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(path, 1, 1), $"cannot load the zone file: {e.GetType().Name}: {e.Message}");
            return new ZoneLoadResult(null, [error], [path]);
        }
    }

    private static ZoneFallback LoadFallback(string path, ZoneCatalogOptions options, RegionRegistry registry)
    {
        var result = ZoneLoader.LoadFile(path, options.LoadOptions, registry);
        return new ZoneFallback(path, result.Success ? result.Zone : null, result.Diagnostics);
    }

    /// <summary>
    /// Which loaded zones cannot be served because another file serves their origin after this
    /// reload (file → that file): files that are not reloaded keep their zones, so do reloaded
    /// files that fail; of two new zones with one origin the first in file-name order wins, as in
    /// <see cref="ZoneLoader.LoadDirectory"/>. A zone refused this way keeps its file's previous
    /// zone in service, which may refuse another: repeated until nothing changes.
    /// </summary>
    private Dictionary<string, string> OriginConflicts(List<Load> loads, HashSet<string> removedNames)
    {
        var reloaded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var load in loads) reloaded.Add(load.Item.Name);
        var kept = new Dictionary<byte[], string>(WireNameComparer.Instance);
        foreach (var entry in _entries.Values)
        {
            if (entry.Zone is { } zone && !removedNames.Contains(entry.Name) && !reloaded.Contains(entry.Name)) kept.TryAdd(zone.Origin, entry.Name);
        }

        var blockedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var taken = new Dictionary<byte[], string>(kept, WireNameComparer.Instance);
            foreach (var (item, result, _) in loads)
            {
                bool keepsPrevious = !result.Success || blockedBy.ContainsKey(item.Name);
                if (keepsPrevious && item.Entry?.Zone is { } previous) taken.TryAdd(previous.Origin, item.Name);
            }

            bool again = false;
            foreach (var (item, result, _) in loads)
            {
                if (!result.Success || blockedBy.ContainsKey(item.Name)) continue;
                var origin = result.Zone!.Origin;
                if (taken.TryGetValue(origin, out var other) && other != item.Name)
                {
                    blockedBy.Add(item.Name, other);
                    again = true;
                    continue;
                }
                taken[origin] = item.Name;
            }
            if (!again) return blockedBy;
        }
    }

    /// <summary>
    /// The files a load read (main, includes, missing includes) with the stamps to record: the one
    /// taken before the load where there was one (so a write during the load is seen by the next
    /// scan), else the one after. <paramref name="after"/>: the stamps after the load.
    /// </summary>
    private static List<WatchedFile> Stamps(Work item, ZoneLoadResult result, out List<WatchedFile> after)
    {
        var paths = new List<string>(result.Files.Count + result.MissingFiles.Count + 1);
        if (result.Files.Count == 0 || result.Files[0] != item.Path) paths.Add(item.Path);
        foreach (var file in result.Files)
        {
            if (!paths.Contains(file)) paths.Add(file);
        }
        foreach (var file in result.MissingFiles)
        {
            if (!paths.Contains(file)) paths.Add(file);
        }

        var recorded = new List<WatchedFile>(paths.Count);
        after = new List<WatchedFile>(paths.Count);
        foreach (var path in paths)
        {
            var now = FileStamp.Of(path);
            after.Add(new WatchedFile(path, now));
            var stamp = now;
            foreach (var before in item.Before)
            {
                if (string.Equals(before.Path, path, StringComparison.Ordinal)) stamp = before.Stamp;
            }
            recorded.Add(new WatchedFile(path, stamp));
        }
        return recorded;
    }

    private static bool IsQuiet(IReadOnlyList<WatchedFile> files, DateTimeOffset now, ZoneCatalogOptions options)
    {
        if (options.QuietPeriod <= TimeSpan.Zero) return false;
        foreach (var file in files)
        {
            // Either side of now: a clock a little ahead of ours must not make a file wait forever.
            if (file.Stamp.LastChange(file.Path) is { } written && (now - written).Duration() < options.QuietPeriod) return true;
        }
        return false;
    }

    /// <summary>
    /// Serves what secondaries need: when the data changed, the serial must increase (RFC 1982).
    /// If it did not, warn, or with <c>AutoSerial</c> serve the zone with the serial in service + 1.
    /// </summary>
    private static Zone CheckSerial(Zone zone, Zone previous, bool autoSerial, string path, List<Diagnostic> diagnostics)
    {
        if (!zone.Origin.AsSpan().SequenceEqual(previous.Origin)) return zone;
        uint old = previous.Serial;
        uint serial = zone.Serial;
        if (SerialNumber.IsGreater(serial, old)) return zone;
        bool sameData = ZoneContent.SameData(previous, zone);
        if (sameData && serial == old) return zone;

        var at = zone.SoaLocation.File is null ? new SourceLocation(path, 1, 1) : zone.SoaLocation;
        if (sameData)
        {
            if (autoSerial)
            {
                diagnostics.Add(Warning(at, $"the SOA serial {serial} of {zone.Name} is lower than the serial {old} in service; the data did not change, serving it with serial {old} (AutoSerial)"));
                return zone.WithSerial(old);
            }
            diagnostics.Add(Warning(at, $"the SOA serial of {zone.Name} went back from {old} to {serial} (RFC 1982): secondaries that have {old} will not transfer the zone until its serial passes {old}"));
            return zone;
        }

        if (autoSerial)
        {
            uint bumped = SerialNumber.Increment(old);
            diagnostics.Add(Warning(at, $"{zone.Name} changed but its SOA serial {serial} is not greater than the serial {old} in service; serving it with serial {bumped} (AutoSerial)"));
            return zone.WithSerial(bumped);
        }
        diagnostics.Add(Warning(at, $"{zone.Name} changed but its SOA serial {serial} is not greater than the serial {old} in service (RFC 1982): secondaries would miss the change; increase the serial or set Zones:AutoSerial"));
        return zone;
    }

    private static Diagnostic Warning(SourceLocation at, string message) => new(DiagnosticSeverity.Warning, at, message);

    /// <summary>File names of the directory's <c>*.zone</c> files in ordinal order (as <see cref="ZoneLoader.LoadDirectory"/>), or null when it cannot be listed.</summary>
    private List<string>? ListZoneFiles(out Diagnostic? problem)
    {
        problem = null;
        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                problem = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(Directory, 0, 0), "zone directory does not exist; the zones loaded from it keep serving");
                return null;
            }
            var names = new List<string>();
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + ZoneLoader.ZoneFileExtension, SearchOption.TopDirectoryOnly))
            {
                if (path.EndsWith(ZoneLoader.ZoneFileExtension, StringComparison.Ordinal)) names.Add(Path.GetFileName(path));
            }
            names.Sort(string.CompareOrdinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(Directory, 0, 0), $"cannot list the zone directory: {e.Message}; the zones loaded from it keep serving");
            return null;
        }
    }

    /// <summary>A file to load: its name, path as shown, committed state (null if new) and its files' stamps before the load.</summary>
    private sealed record Work(string Name, string Path, CatalogEntry? Entry, List<WatchedFile> Before);

    /// <summary>A file loaded by this scan: what the loader said and the stamps to record.</summary>
    private sealed record Load(Work Item, ZoneLoadResult Result, List<WatchedFile> Files);
}
