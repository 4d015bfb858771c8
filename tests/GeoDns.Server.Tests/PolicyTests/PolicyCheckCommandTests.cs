using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.PolicyTests;

/// <summary><c>geodns check</c> runs every <c>X.tests</c> of the zones directory: failures as errors, a summary per file, exit 1 on failure.</summary>
public sealed class PolicyCheckCommandTests : IDisposable
{
    private const string Config = """
        { "Geo": {
            "Regions": { "eu-west": {}, "us-east": {}, "ap-south": {} },
            "Networks": { "198.51.100.0/24": [ "eu-west", "us-east" ] },
            "DefaultOrder": [ "us-east", "eu-west", "ap-south" ] },
          "Health": { "FailoverTtl": "20s" } }
        """;

    private readonly TempDirectory _dir = new();
    private readonly string _config;

    public PolicyCheckCommandTests()
    {
        _dir.Write("zones/policy.test.zone", PolicyFixture.Zone);
        _config = _dir.Write("geodns.json", Config);
    }

    public void Dispose() => _dir.Dispose();

    private string TestsPath(string name = "policy.test.tests") => Path.Combine(_dir.Path, "zones", name);

    [Fact]
    public async Task Passing_tests_exit_0_with_a_summary_line()
    {
        _dir.Write("zones/policy.test.tests", """
            www.policy.test A from 198.51.100.7 -> 198.51.100.10
            www.policy.test A from 198.51.100.7 down eu-west -> 203.0.113.10 ttl 20
            nosuch.policy.test A -> NXDOMAIN
            """);

        var (exit, output, error) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains($"{TestsPath()}: 3 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("1 policy test file: 3 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("0 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_test_exits_1_and_prints_the_diff_at_its_line()
    {
        _dir.Write("zones/policy.test.tests", """
            # the first region down: us-east answers
            www.policy.test A from 198.51.100.7 down eu-west -> 198.51.100.10
            www.policy.test A from 198.51.100.7 -> 198.51.100.10
            """);

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains($"{TestsPath()}:2:1: error: www.policy.test A from 198.51.100.7 down eu-west: expected 198.51.100.10, got 203.0.113.10 (region us-east)",
            output, StringComparison.Ordinal);
        Assert.Contains($"{TestsPath()}: 1 passed, 1 failed", output, StringComparison.Ordinal);
        Assert.Contains("1 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syntax_error_exits_1_and_runs_no_test()
    {
        _dir.Write("zones/policy.test.tests", "www.policy.test A -> 203.0.113.10\nwww.policy.test A down mars -> 1.2.3.4\n");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains($"{TestsPath()}:2:24: error: unknown region 'mars' (known regions: us-east, eu-west, ap-south)", output, StringComparison.Ordinal);
        Assert.Contains($"{TestsPath()}: 1 error, no test run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tests_file_without_its_zone_is_a_warning()
    {
        _dir.Write("zones/policy.test.tests", "www.policy.test A -> 203.0.113.10\n");
        _dir.Write("zones/gone.test.tests", "www.gone.test A -> 192.0.2.1\n");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.Equal(ExitCodes.Ok, exit);
        string zone = Path.Combine(_dir.Path, "zones", "gone.test.zone");
        Assert.Contains($"{TestsPath("gone.test.tests")}: warning: no zone file {zone} beside it; its tests were not run", output, StringComparison.Ordinal);
        Assert.Contains("2 policy test files: 1 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("0 errors, 1 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tests_of_a_zone_that_did_not_load_are_not_run()
    {
        _dir.Write("zones/broken.test.zone", "$ORIGIN broken.test.\n@ IN SOA ns1 hostmaster 1 1h 10m 14d 5m\nns1 IN A not-an-address\n");
        _dir.Write("zones/broken.test.tests", "ns1.broken.test A -> 192.0.2.1\n");

        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains($"{TestsPath("broken.test.tests")}: not run: {Path.Combine(_dir.Path, "zones", "broken.test.zone")} did not load", output, StringComparison.Ordinal);
        Assert.DoesNotContain("broken.test.tests:1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_tests_files_check_prints_no_policy_line()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", "--config", _config);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.DoesNotContain("policy test", output, StringComparison.Ordinal);
    }
}
