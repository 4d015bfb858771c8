namespace GeoDns.Server.Reload;

/// <summary>A file's last write time and length: what tells a watched file changed (absent: length -1).</summary>
internal readonly record struct Fingerprint(DateTime WriteTimeUtc, long Length)
{
    public static Fingerprint Of(string? path)
    {
        if (path is null) return new(default, -1);
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new(info.LastWriteTimeUtc, info.Length) : new(default, -1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(default, -1);
        }
    }
}
