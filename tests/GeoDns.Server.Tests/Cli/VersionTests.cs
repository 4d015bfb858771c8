using System.Diagnostics;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Deploy;

namespace GeoDns.Server.Tests.Cli;

/// <summary><c>geodns --version</c>: "geodns &lt;Version from Directory.Build.props&gt;+&lt;short commit&gt;".</summary>
public sealed class VersionTests
{
    [Fact]
    public async Task Prints_geodns_the_version_and_the_commit()
    {
        var (exit, output, error) = await CliRunner.RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        string line = output.TrimEnd();
        Assert.Matches(@"^geodns \d+\.\d+\.\d+(\+[0-9a-f]{7})?$", line);
        Assert.StartsWith($"geodns {DeployFiles.Version()}", line, StringComparison.Ordinal);

        // Built from a git checkout (as in CI): the commit is there, and it is the checkout's HEAD.
        string? head = GitHead();
        if (head is not null) Assert.Equal($"geodns {DeployFiles.Version()}+{head[..VersionInfo.ShortCommitLength]}", line);
    }

    public static TheoryData<string, string> Informational() => new()
    {
        { "0.7.0+86fb908acf7c6d20510c6a110e38a769b7116fe6", "0.7.0+86fb908" },
        { "0.7.0+abc", "0.7.0+abc" },
        { "0.7.0", "0.7.0" },
        { "1.2.3-beta.1+0123456789", "1.2.3-beta.1+0123456" },
    };

    [Theory]
    [MemberData(nameof(Informational))]
    public void Shortens_the_commit_to_seven_digits(string informational, string expected) =>
        Assert.Equal(expected, VersionInfo.Format(informational));

    /// <summary>HEAD of the repository the tests run in, or null when it is not a git checkout or git is missing.</summary>
    private static string? GitHead()
    {
        string root = DeployFiles.Root;
        if (!Path.Exists(Path.Combine(root, ".git"))) return null;
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && head.Length == 40 ? head : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
