namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// What a scan compares to tell whether a file changed: its last write time and length, or that
/// it does not exist. Equal stamps mean "not touched since it was read".
/// </summary>
internal readonly record struct FileStamp(bool Exists, long LastWriteTicks, long Length)
{
    /// <summary>The file does not exist (or cannot be looked at).</summary>
    public static FileStamp Missing => default;

    public DateTimeOffset LastWriteUtc => new(LastWriteTicks, TimeSpan.Zero);

    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc.Ticks, info.Length) : Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Missing;
        }
    }

    /// <summary>
    /// When the file was last written; for a missing file, when its directory was (deleting a file
    /// writes its directory, so a deletion is debounced like an edit). Null when neither is known.
    /// </summary>
    public DateTimeOffset? LastChange(string path)
    {
        if (Exists) return LastWriteUtc;
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is null || !System.IO.Directory.Exists(directory)) return null;
            return new DateTimeOffset(System.IO.Directory.GetLastWriteTimeUtc(directory).Ticks, TimeSpan.Zero);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
