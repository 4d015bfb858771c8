namespace GeoDns.Core.Zones.MasterFile;

/// <summary>Settings for <see cref="MasterFileParser"/>.</summary>
public sealed class MasterFileOptions
{
    /// <summary>The default <see cref="MaxIncludeDepth"/>.</summary>
    public const int DefaultMaxIncludeDepth = 20;

    /// <summary>The default <see cref="MaxLineLength"/>: 256 KiB, room for the largest RDATA (65,535 bytes) written as <c>\# </c> hex.</summary>
    public const int DefaultMaxLineLength = 256 * 1024;

    /// <summary>The default <see cref="MaxTotalBytes"/>: 256 MiB.</summary>
    public const long DefaultMaxTotalBytes = 256L * 1024 * 1024;

    /// <summary>The default <see cref="MaxGenerateRecords"/> (BIND's limit for one <c>$GENERATE</c>).</summary>
    public const int DefaultMaxGenerateRecords = 65_536;

    /// <summary>The default <see cref="MaxRecords"/>.</summary>
    public const int DefaultMaxRecords = 1_000_000;

    /// <summary>Absolute presentation name of the zone apex; overrides <c>$ORIGIN</c> and the file name. Null: work it out from the file.</summary>
    public string? Origin { get; init; }

    /// <summary>Region names from the topology; a <c>$REGION</c> naming another region is an error. Null: any name is accepted.</summary>
    public IReadOnlyCollection<string>? KnownRegions { get; init; }

    /// <summary>How deep <c>$INCLUDE</c>s may nest (the main file is depth 0); an <c>$INCLUDE</c> deeper than this is an error.</summary>
    public int MaxIncludeDepth { get; init; } = DefaultMaxIncludeDepth;

    /// <summary>Longest logical line in characters (a physical line, or lines joined by parentheses); a longer one stops the parse with an error.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;

    /// <summary>Most bytes read for one zone: the main file and every <c>$INCLUDE</c>d file together; past it the parse stops with an error.</summary>
    public long MaxTotalBytes { get; init; } = DefaultMaxTotalBytes;

    /// <summary>Most records one <c>$GENERATE</c> may make; a larger range is an error before anything is generated.</summary>
    public int MaxGenerateRecords { get; init; } = DefaultMaxGenerateRecords;

    /// <summary>Most records in one zone (includes and <c>$GENERATE</c>d records counted); past it the parse stops with an error.</summary>
    public int MaxRecords { get; init; } = DefaultMaxRecords;
}
