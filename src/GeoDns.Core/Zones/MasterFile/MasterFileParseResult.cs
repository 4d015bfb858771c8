using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>What <see cref="MasterFileParser"/> read: the records in file order and every problem found.</summary>
public sealed class MasterFileParseResult
{
    private IReadOnlyList<ZoneRecord>? _records;

    internal MasterFileParseResult(byte[] origin, RecordTable table, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> files, IReadOnlyList<string> regions)
    {
        Origin = origin;
        Table = table;
        Diagnostics = diagnostics;
        Files = files;
        Regions = regions;
        bool errors = false;
        foreach (Diagnostic d in diagnostics) errors |= d.IsError;
        HasErrors = errors;
    }

    /// <summary>Lower-cased wire name of the zone apex (the root name if it could not be determined; see <see cref="Diagnostics"/>).</summary>
    public byte[] Origin { get; }

    /// <summary>
    /// Records in file order, <c>$INCLUDE</c>d and <c>$GENERATE</c>d ones in place. Records with errors are left out.
    /// Made on first use from the compact <see cref="Table"/> (the zone loader never asks for them).
    /// </summary>
    public IReadOnlyList<ZoneRecord> Records => _records ??= Table.ToZoneRecords();

    /// <summary>The same records in compact form, as the zone builder reads them.</summary>
    internal RecordTable Table { get; }

    /// <summary>All errors and warnings, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The main file followed by every <c>$INCLUDE</c>d file, in the order they were read.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Distinct <c>$REGION</c> names in order of first appearance.</summary>
    public IReadOnlyList<string> Regions { get; }

    public bool HasErrors { get; }

    /// <summary><c>$INCLUDE</c>d files that did not exist or could not be opened (not a regular file, no permission), in the order they were named.</summary>
    public IReadOnlyList<string> MissingFiles { get; init; } = [];

    /// <summary>The main file could not be read at all: there is nothing for zone-level checks to look at.</summary>
    internal bool MainFileUnreadable { get; init; }
}
