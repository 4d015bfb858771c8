using System.Text.Json.Nodes;
using GeoDns.Server.Configuration;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.Reload;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>
/// A query log the server cannot write stops <c>serve</c> with the key and the reason (instead of a
/// stack trace, a misleading "check Admin:Listen", or a server that logs nothing while it counts
/// lines written); the query log settings are read at start, and a reload that changes them says so.
/// </summary>
public sealed class QueryLogStartTests
{
    [Fact]
    public void A_path_that_is_a_directory_fails_when_the_output_is_created()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "queries.log");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<QueryLogUnavailableException>(() =>
            QueryLogOutput.Create(new QueryLogOptions { Enabled = true, Path = path }));

        Assert.StartsWith($"QueryLog:Path: cannot write '{path}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writable_path_is_created_with_its_directory()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "logs", "queries.log");

        using (var output = QueryLogOutput.Create(new QueryLogOptions { Enabled = true, Path = path }))
            Assert.Equal(path, output.Target);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Serve_exits_1_naming_QueryLog_Path_when_its_directory_cannot_be_created()
    {
        using var dir = new TempDirectory();
        dir.Write("not-a-directory", "a file where the log directory should be");
        string config = dir.Write("geodns.json", """
            {
              "Listen": [ "127.0.0.1:0" ],
              "Admin": { "Enabled": false },
              "QueryLog": { "Enabled": true, "Path": "not-a-directory/queries.log" }
            }
            """);

        var (exit, _, error) = await CliRunner.RunAsync("serve", "--config", config);

        Assert.Equal(1, exit);
        Assert.StartsWith("geodns: QueryLog:Path: cannot write ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin:Listen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_that_changes_the_query_log_warns_that_it_takes_a_restart()
    {
        await using var harness = await ReloadHarness.StartAsync();

        harness.EditConfig(root => root[QueryLogSection.Name] = new JsonObject { ["Enabled"] = true, ["QueueCapacity"] = 1024 });
        var (applied, _) = await ReloadHarness.WaitAsync(() => harness.Reload.Status.LastReport?.Config.Result == "applied");

        Assert.True(applied, "the configuration was never applied");
        var messages = harness.Reload.Status.LastReport!.Config.Messages;
        Assert.Contains("QueryLog:Enabled changed: takes effect after a restart; the running value stays", messages);
        Assert.Contains("QueryLog:QueueCapacity changed: takes effect after a restart; the running value stays", messages);
        Assert.DoesNotContain(messages, m => m.StartsWith("QueryLog:Path", StringComparison.Ordinal));
    }
}
