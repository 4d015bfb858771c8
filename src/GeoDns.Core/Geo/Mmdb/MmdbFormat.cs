namespace GeoDns.Core.Geo.Mmdb;

/// <summary>Constants of the MaxMind DB file format.</summary>
internal static class MmdbFormat
{
    /// <summary>Precedes the metadata map at the end of the file: "\xAB\xCD\xEFMaxMind.com".</summary>
    public static ReadOnlySpan<byte> MetadataMarker => [0xAB, 0xCD, 0xEF, 0x4D, 0x61, 0x78, 0x4D, 0x69, 0x6E, 0x64, 0x2E, 0x63, 0x6F, 0x6D];

    /// <summary>The metadata marker is looked for in this many bytes at the end of the file.</summary>
    public const int MetadataSearchWindow = 128 * 1024;

    /// <summary>Zero bytes between the search tree and the data section.</summary>
    public const int DataSectionSeparator = 16;
}
