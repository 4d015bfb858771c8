using System.Reflection;

namespace GeoDns.Server.Cli;

/// <summary>
/// The version of this build: <c>Version</c> from Directory.Build.props and, when built from a git
/// checkout, the commit the SDK's SourceLink appends to the informational version ("0.7.0+&lt;sha&gt;").
/// </summary>
internal static class VersionInfo
{
    /// <summary>How many hex digits of the commit are shown (git's short form).</summary>
    public const int ShortCommitLength = 7;

    /// <summary>"geodns 0.7.0+abc1234", or "geodns 0.7.0" when built without git.</summary>
    public static string Text => "geodns " + Version;

    /// <summary>"0.7.0+abc1234" or "0.7.0".</summary>
    public static string Version => Format(typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0");

    /// <summary>Shortens the commit after '+' to <see cref="ShortCommitLength"/> digits.</summary>
    public static string Format(string informationalVersion)
    {
        int plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0) return informationalVersion;
        string commit = informationalVersion[(plus + 1)..];
        return commit.Length > ShortCommitLength
            ? informationalVersion[..(plus + 1)] + commit[..ShortCommitLength]
            : informationalVersion;
    }
}
