using GeoDns.Core.Dns;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Zones.Loading;

/// <summary>
/// Loads zone files into immutable zones, reporting every problem with file:line:col.
/// Parsing (syntax, RDATA, TTL defaults, includes) is <see cref="MasterFileParser"/>'s; the
/// zone-level checks and the build are <see cref="ZoneBuilder"/>'s. `geodns check` and the server
/// both call exactly this.
/// </summary>
public static class ZoneLoader
{
    /// <summary>File name pattern <see cref="LoadDirectory"/> loads.</summary>
    public const string ZoneFileExtension = ".zone";

    /// <summary>Loads one master file. The origin is <c>$ORIGIN</c> if present, else the file name.</summary>
    public static ZoneLoadResult LoadFile(string path, ZoneLoadOptions? options = null)
        => LoadFile(path, options, new RegionRegistry(options?.Regions));

    /// <summary>
    /// Loads one master file numbering regions with <paramref name="regions"/> (which the load
    /// extends with new names unless it is fixed): the zone catalog's single-file reload, which
    /// keeps one numbering across the files of its directory as <see cref="LoadDirectory"/> does.
    /// </summary>
    internal static ZoneLoadResult LoadFile(string path, ZoneLoadOptions? options, RegionRegistry regions)
    {
        var parsed = MasterFileParser.ParseFile(path, ParserOptions(options));
        Register(parsed, regions);
        return Build(parsed, path, regions, options);
    }

    /// <summary>Loads master-file text (tests and tools); <paramref name="fileName"/> names it in diagnostics and may give the origin.</summary>
    public static ZoneLoadResult LoadText(string text, string fileName, ZoneLoadOptions? options = null)
    {
        var regions = new RegionRegistry(options?.Regions);
        var parsed = MasterFileParser.ParseText(text, fileName, ParserOptions(options));
        Register(parsed, regions);
        return Build(parsed, fileName, regions, options);
    }

    /// <summary>
    /// Loads every <c>*.zone</c> file of a directory (not recursive, in ordinal order of file name)
    /// into one zone set; files with errors are left out and reported. Without topology, region
    /// names are numbered in order of first appearance across all files, so every zone of the set
    /// shares one numbering. A second file with an origin already loaded is an error.
    /// </summary>
    public static ZoneSetLoadResult LoadDirectory(string directory, ZoneLoadOptions? options = null)
    {
        if (!Directory.Exists(directory))
        {
            var missing = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(directory, 0, 0), "zone directory does not exist");
            return new ZoneSetLoadResult(ZoneSet.Empty, [new ZoneLoadResult(null, [missing], [])]);
        }

        var paths = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + ZoneFileExtension, SearchOption.TopDirectoryOnly))
        {
            if (path.EndsWith(ZoneFileExtension, StringComparison.Ordinal)) paths.Add(path);
        }
        paths.Sort(static (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));

        // Parse everything first so that region numbering is complete before any zone is built.
        var regions = new RegionRegistry(options?.Regions);
        var parserOptions = ParserOptions(options);
        var parsed = new List<MasterFileParseResult>(paths.Count);
        foreach (var path in paths)
        {
            var result = MasterFileParser.ParseFile(path, parserOptions);
            Register(result, regions);
            parsed.Add(result);
        }

        var results = new List<ZoneLoadResult>(paths.Count);
        var zones = new List<Zone>(paths.Count);
        var origins = new Dictionary<byte[], string>(WireNameComparer.Instance);
        for (int i = 0; i < paths.Count; i++)
        {
            var result = Build(parsed[i], paths[i], regions, options);
            if (result.Zone is { } zone)
            {
                if (origins.TryGetValue(zone.Origin, out var first))
                {
                    var duplicate = new Diagnostic(
                        DiagnosticSeverity.Error,
                        new SourceLocation(paths[i], 1, 1),
                        $"zone {zone.Name} is already loaded from {Path.GetFileName(first)}");
                    result = new ZoneLoadResult(null, [.. result.Diagnostics, duplicate], result.Files);
                }
                else
                {
                    origins.Add(zone.Origin, paths[i]);
                    zones.Add(zone);
                }
            }
            results.Add(result);
        }
        return new ZoneSetLoadResult(new ZoneSet(zones), results);
    }

    private static MasterFileOptions ParserOptions(ZoneLoadOptions? options) => new()
    {
        Origin = options?.Origin,
        KnownRegions = options?.Regions is { } known ? [.. known] : null,
        MaxGenerateRecords = options?.MaxGenerateRecords ?? MasterFileOptions.DefaultMaxGenerateRecords,
        MaxRecords = options?.MaxRecordsPerZone ?? MasterFileOptions.DefaultMaxRecords,
    };

    private static void Register(MasterFileParseResult parsed, RegionRegistry regions)
    {
        foreach (var name in parsed.Regions) regions.Register(name);
        foreach (var name in parsed.Table.RegionNames) regions.Register(name);
    }

    private static ZoneLoadResult Build(MasterFileParseResult parsed, string mainFile, RegionRegistry regions, ZoneLoadOptions? options)
    {
        int maxDiagnostics = options?.MaxDiagnostics ?? ZoneLoadOptions.DefaultMaxDiagnostics;
        // An unreadable file has no records; "no SOA" and "no NS" on top of the read error would be noise.
        if (parsed.MainFileUnreadable) return new ZoneLoadResult(null, Cap([.. parsed.Diagnostics], maxDiagnostics), parsed.Files) { MissingFiles = parsed.MissingFiles };
        var diagnostics = new List<Diagnostic>(parsed.Diagnostics);
        var zone = ZoneBuilder.Build(
            parsed.Origin,
            parsed.Table,
            parsed.Files,
            regions,
            new SourceLocation(mainFile, 1, 1),
            diagnostics,
            parsed.HasErrors);
        return new ZoneLoadResult(zone, Cap(diagnostics, maxDiagnostics), parsed.Files) { MissingFiles = parsed.MissingFiles };
    }

    /// <summary>
    /// The first <paramref name="max"/> diagnostics, and one more that counts the rest (an error if
    /// any of them is): a file with 200,000 bad lines gives 101 log lines and a small <c>/v1/zones</c>, not 200,000.
    /// </summary>
    internal static List<Diagnostic> Cap(List<Diagnostic> diagnostics, int max)
    {
        if (diagnostics.Count <= max) return diagnostics;
        int errors = 0, warnings = 0;
        for (int i = max; i < diagnostics.Count; i++)
        {
            if (diagnostics[i].IsError) errors++;
            else warnings++;
        }
        var first = diagnostics[max];
        var kept = diagnostics.GetRange(0, max);
        kept.Add(new Diagnostic(
            errors > 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            first.Location,
            $"and {errors + warnings} more problems not shown ({errors} errors, {warnings} warnings); only the first {max} are kept"));
        return kept;
    }
}
