namespace GeoDns.Core.Zones;

// CONTRACT STUB — the zone-engine helper replaces this file (parse with the master-file parser,
// validate, build the immutable Zone). `geodns check` and the server both call exactly this.
/// <summary>Loads zone files into immutable zones, reporting every problem with file:line:col.</summary>
public static class ZoneLoader
{
    /// <summary>Loads one master file. The origin is <c>$ORIGIN</c> if present, else the file name.</summary>
    public static ZoneLoadResult LoadFile(string path, ZoneLoadOptions? options = null) =>
        new(null, [], [path]);

    /// <summary>Loads master-file text (tests and tools); <paramref name="fileName"/> names it in diagnostics and may give the origin.</summary>
    public static ZoneLoadResult LoadText(string text, string fileName, ZoneLoadOptions? options = null) =>
        new(null, [], [fileName]);

    /// <summary>Loads every <c>*.zone</c> file of a directory (not recursive) into one zone set; files with errors are left out and reported.</summary>
    public static ZoneSetLoadResult LoadDirectory(string directory, ZoneLoadOptions? options = null) =>
        new(ZoneSet.Empty, []);
}
