namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// The zone files of one directory and what each serves: scans find what changed (main file or
/// any <c>$INCLUDE</c>d file, by mtime and size), load only those, and a commit puts the result
/// into service; a file with errors never replaces its good zone. Not thread-safe: one owner (the
/// server's reload loop) calls it. CONTRACT STUB: the catalog helper replaces the bodies.
/// </summary>
public sealed class ZoneCatalog
{
    public ZoneCatalog(string directory, ZoneCatalogOptions options, TimeProvider time)
    {
        Directory = directory;
        Options = options;
        Time = time;
    }

    /// <summary>The directory scanned (as shown in diagnostics).</summary>
    public string Directory { get; }

    /// <summary>The options in force (a committed reload prepared with other options adopts them).</summary>
    public ZoneCatalogOptions Options { get; private set; }

    private TimeProvider Time { get; }

    /// <summary>The zones in service.</summary>
    public ZoneSet Current { get; private set; } = ZoneSet.Empty;

    /// <summary>Every zone file known, in file-name order.</summary>
    public IReadOnlyList<ZoneFileStatus> Status { get; } = [];

    /// <summary>Every file read for the zones (main files and includes), absolute paths: what to watch.</summary>
    public IReadOnlyCollection<string> WatchedFiles { get; } = [];

    /// <summary>
    /// Scans the directory and loads what changed, without putting anything into service.
    /// <paramref name="force"/> reloads every file (a new topology); <paramref name="options"/>
    /// prepares against other options (adopted on commit).
    /// </summary>
    public ZoneReload Prepare(bool force = false, ZoneCatalogOptions? options = null) => throw new InvalidOperationException("contract stub");

    /// <summary>
    /// Puts <paramref name="reload"/> into service and returns the new <see cref="Current"/>. Files
    /// in <paramref name="rejected"/> keep their previous zone and record the given diagnostics
    /// (policy-test failures) as their error, with result <see cref="ZoneReloadResult.Rejected"/>.
    /// </summary>
    public ZoneSet Commit(ZoneReload reload, IReadOnlyDictionary<string, IReadOnlyList<Diagnostic>>? rejected = null) => throw new InvalidOperationException("contract stub");
}
