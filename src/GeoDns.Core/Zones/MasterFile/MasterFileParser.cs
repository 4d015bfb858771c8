namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Reads RFC 1035 master files (plus <c>$TTL</c>, <c>$INCLUDE</c>, <c>$GENERATE</c>, RFC 3597 generic
/// RDATA and GeoDns's <c>$REGION</c>) into <see cref="ZoneRecord"/>s, collecting every syntax and
/// per-record error with file, line and column. Zone-level checks (SOA/NS at the apex, CNAME
/// conflicts, names outside the zone, duplicates) are the zone loader's job.
/// </summary>
public static class MasterFileParser
{
    /// <summary>Parses the file at <paramref name="path"/> (streamed, UTF-8).</summary>
    public static MasterFileParseResult ParseFile(string path, MasterFileOptions? options = null) =>
        new ParseSession(options ?? new MasterFileOptions(), path).RunFile();

    /// <summary>Parses master-file text; <paramref name="fileName"/> names it in diagnostics, may give the origin and anchors relative <c>$INCLUDE</c> paths.</summary>
    public static MasterFileParseResult ParseText(string text, string fileName, MasterFileOptions? options = null) =>
        new ParseSession(options ?? new MasterFileOptions(), fileName).RunText(text);
}
