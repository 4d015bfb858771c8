using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// A scan's result, not yet in service: the changes found, and the zone set they would make.
/// Made by <see cref="ZoneCatalog.Prepare"/>; only the catalog that made it can commit it, and
/// only while nothing else was committed since.
/// </summary>
public sealed class ZoneReload
{
    private readonly IReadOnlyList<PreparedFile> _files = [];
    private readonly IReadOnlyList<(string Name, Zone Zone)> _serving = [];

    /// <summary>A reload with no catalog behind it (tests of callers): its candidate is made of its Added/Changed zones.</summary>
    public ZoneReload()
    {
    }

    internal ZoneReload(
        ZoneCatalog catalog,
        long generation,
        ZoneCatalogOptions options,
        bool forced,
        IReadOnlyList<PreparedFile> files,
        IReadOnlyList<(string Name, Zone Zone)> serving,
        IReadOnlyList<string> regionNames)
    {
        Catalog = catalog;
        Generation = generation;
        Options = options;
        Forced = forced;
        _files = files;
        _serving = serving;
        RegionNames = regionNames;
        var changes = new ZoneChange[files.Count];
        for (int i = 0; i < changes.Length; i++) changes[i] = files[i].Change;
        Changes = changes;
    }

    /// <summary>The zone files that changed, appeared, went away or failed, in file-name order.</summary>
    public IReadOnlyList<ZoneChange> Changes { get; init; } = [];

    /// <summary>True when some file was written within the quiet period and was left for a later scan.</summary>
    public bool Deferred { get; init; }

    /// <summary>
    /// Problems with the directory itself (missing, unreadable): no file was looked at, every zone
    /// keeps serving, and the options asked for are not taken (<see cref="Options"/> are the catalog's).
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The options the files were loaded with (the catalog adopts them on commit).</summary>
    public ZoneCatalogOptions Options { get; } = new();

    /// <summary>
    /// Prepared with <c>force</c>: every file not deferred was reloaded. A <see cref="ZoneChangeKind.Failed"/>
    /// (or rejected) file keeps its previous zone, which was built against the previous options.
    /// </summary>
    public bool Forced { get; }

    /// <summary>True when a commit would change anything in service or in the status.</summary>
    public bool HasChanges => Changes.Count > 0;

    internal ZoneCatalog? Catalog { get; }

    /// <summary>The catalog's commit count when this was prepared.</summary>
    internal long Generation { get; }

    /// <summary>The region numbering the loads used (without topology: the catalog's, extended by new names).</summary>
    internal IReadOnlyList<string> RegionNames { get; } = [];

    internal IReadOnlyList<PreparedFile> Files => _files;

    /// <summary>
    /// The zone set this reload would serve: the zones in service, with every Added/Changed zone
    /// applied and every Removed one gone, except the files named in <paramref name="rejected"/>
    /// (by <see cref="ZoneChange.Path"/>; they keep what they serve now). Cheap: no file is read.
    /// </summary>
    public ZoneSet Candidate(IReadOnlyCollection<string>? rejected = null)
    {
        if (Catalog is null)
        {
            var zones = new List<Zone>();
            foreach (var change in Changes)
            {
                if (change.Kind is ZoneChangeKind.Added or ZoneChangeKind.Changed && change.Zone is not null && !Contains(rejected, change.Path)) zones.Add(change.Zone);
            }
            return new ZoneSet(zones);
        }
        return new ZoneSet(Plan(rejected, out _).Values);
    }

    /// <summary>
    /// What each file serves after this reload (in file-name order) when <paramref name="rejected"/>
    /// is refused. <paramref name="displaced"/>: files whose new zone cannot be served because a
    /// rejected removal keeps the same origin in service (they count as rejected too).
    /// </summary>
    internal SortedDictionary<string, Zone> Plan(IReadOnlyCollection<string>? rejected, out HashSet<string> displaced)
    {
        displaced = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var plan = new SortedDictionary<string, Zone>(StringComparer.Ordinal);
            foreach (var (name, zone) in _serving) plan[name] = zone;

            var fresh = new List<(string Name, Zone Zone)>();
            var fallbacks = new List<(string Name, Zone Zone)>();
            foreach (var file in _files)
            {
                var change = file.Change;
                bool refused = Contains(rejected, change.Path) || displaced.Contains(file.Name);
                switch (change.Kind)
                {
                    case ZoneChangeKind.Failed when change.Fallback?.Zone is { } copy && !plan.ContainsKey(file.Name):
                        fallbacks.Add((file.Name, copy));
                        break;
                    case ZoneChangeKind.Added or ZoneChangeKind.Changed when !refused:
                        plan.Remove(file.Name);
                        fresh.Add((file.Name, change.Zone!));
                        break;
                    case ZoneChangeKind.Removed when !refused:
                        plan.Remove(file.Name);
                        break;
                }
            }

            // Zones kept in service have distinct origins; a new zone that meets one of them (only
            // possible when the removal of its old file was rejected) is displaced, and the plan redone.
            var origins = new Dictionary<byte[], string>(WireNameComparer.Instance);
            foreach (var (name, zone) in plan) origins.Add(zone.Origin, name);
            string? clash = null;
            foreach (var (name, zone) in fresh)
            {
                if (origins.TryAdd(zone.Origin, name)) continue;
                clash = name;
                break;
            }
            if (clash is null)
            {
                foreach (var (name, zone) in fresh) plan[name] = zone;
                // A copy served in place of a failed file comes last: never at the cost of a zone loaded from its file.
                foreach (var (name, zone) in fallbacks)
                {
                    if (origins.TryAdd(zone.Origin, name)) plan[name] = zone;
                }
                return plan;
            }
            displaced.Add(clash);
        }
    }

    private static bool Contains(IReadOnlyCollection<string>? paths, string path)
    {
        if (paths is null) return false;
        if (paths is ICollection<string> collection) return collection.Contains(path);
        foreach (var p in paths)
        {
            if (string.Equals(p, path, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
