using System.Diagnostics;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.Docs;

/// <summary>What the README's steps and a server run in the source tree write is ignored by git, so it is never committed by accident.</summary>
public sealed class GitIgnoreTests
{
    [Theory]
    [InlineData("geo/sample.mmdb")]                       // geodns mmdb build in "GeoIP database setup"
    [InlineData("log/queries.log")]                        // a query log written beside the sample configuration
    [InlineData("state/geodns-state.json")]                // Health:StateFile of the shipped geodns.json
    [InlineData("state/geodns-state.json.lock")]           // its lock
    [InlineData("state/last-good/example.com.zone")]       // Zones:LastGoodDirectory of the shipped geodns.json
    [InlineData("src/GeoDns.Server/bin/Release/net10.0/geodns.dll")]
    public void A_file_the_server_or_the_readme_writes_in_the_source_tree_is_ignored(string path)
    {
        string root = ConfigurationTests.RepositoryRoot();
        Assert.True(Directory.Exists(Path.Combine(root, ".git")) || File.Exists(Path.Combine(root, ".git")), "the tests run in a git checkout");

        Assert.Equal(0, CheckIgnore(root, path));
    }

    [Fact]
    public void A_shipped_file_is_not_ignored()
    {
        string root = ConfigurationTests.RepositoryRoot();

        Assert.Equal(1, CheckIgnore(root, "geo/sample-networks.csv"));
        Assert.Equal(1, CheckIgnore(root, "zones/example.com.zone"));
    }

    /// <summary>git check-ignore: 0 ignored, 1 not ignored.</summary>
    private static int CheckIgnore(string root, string path)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "check-ignore", "--quiet", "--no-index", path }) info.ArgumentList.Add(argument);
        using var git = Process.Start(info)!;
        git.WaitForExit();
        return git.ExitCode;
    }
}
