namespace GeoDns.Server.Configuration;

/// <summary>How the server shows a file or directory path in diagnostics and logs.</summary>
internal static class DisplayPaths
{
    /// <summary>A path relative to the working directory when it lies below it, so diagnostics read <c>zones/x.zone:3:1</c>.</summary>
    public static string For(string path)
    {
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }
}
