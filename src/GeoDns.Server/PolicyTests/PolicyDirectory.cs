namespace GeoDns.Server.PolicyTests;

/// <summary>The policy test files of a zones directory.</summary>
internal static class PolicyDirectory
{
    /// <summary>Every <c>*.tests</c> file directly in <paramref name="directory"/> (as the zone loader reads <c>*.zone</c>), in file-name order.</summary>
    public static IReadOnlyList<string> TestFiles(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) return [];
        var files = new List<string>();
        foreach (string path in Directory.EnumerateFiles(directory, "*" + PolicyTestFile.Extension, SearchOption.TopDirectoryOnly))
        {
            if (path.EndsWith(PolicyTestFile.Extension, StringComparison.Ordinal)) files.Add(path);
        }
        files.Sort(static (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }
}
