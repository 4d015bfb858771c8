using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>The catalog's committed state of one zone file; changed only by <see cref="ZoneCatalog.Commit"/> (and <see cref="ZoneCatalog.Invalidate"/>).</summary>
internal sealed class CatalogEntry(string name, string path)
{
    /// <summary>File name (the key, and the order of <see cref="ZoneCatalog.Status"/>).</summary>
    public string Name { get; } = name;

    /// <summary>As shown in diagnostics: the catalog's directory + <see cref="Name"/>.</summary>
    public string Path { get; } = path;

    public Zone? Zone { get; set; }
    public DateTimeOffset? LoadedAt { get; set; }
    public ZoneReloadResult LastResult { get; set; }
    public DateTimeOffset LastAttempt { get; set; }
    public IReadOnlyList<Diagnostic> Errors { get; set; } = [];
    public IReadOnlyList<Diagnostic> Warnings { get; set; } = [];
    public long Loads { get; set; }
    public long Failures { get; set; }
    public long Rejections { get; set; }

    /// <summary>The files of the last attempt (main first, then includes, then missing includes) with their stamps when read.</summary>
    public IReadOnlyList<WatchedFile> Files { get; set; } = [];

    /// <summary>Set when the last attempt failed only because this other file serves the origin: reload when that one goes or changes.</summary>
    public string? BlockedBy { get; set; }

    /// <summary>The next scan reloads this file even if no stamp changed.</summary>
    public bool Invalidated { get; set; }

    /// <summary>The file was deleted but its removal was rejected: the zone keeps serving until the file comes back or a forced scan.</summary>
    public bool RemovalRejected { get; set; }

    /// <summary>The copy <see cref="Zone"/> was loaded from instead of the file (see <see cref="ZoneFallback"/>), or null.</summary>
    public string? Fallback { get; set; }

    public ZoneFileStatus ToStatus() =>
        new(Path, Zone, LoadedAt, LastResult, LastAttempt, Errors, Loads, Failures, Rejections) { Warnings = Warnings, Fallback = Fallback };
}
