using GeoDns.Core.Zones;
using GeoDns.Server.Cli;
using GeoDns.Server.Configuration;
using GeoDns.Server.PolicyTests;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// Policy test examples: <c>policy</c> blocks are test files that must pass against the shipped
/// geodns.json and zones/; <c>policy-failures</c> blocks show failure lines, each of which must be
/// exactly what the runner reports for that test against the shipped sample.
/// </summary>
public sealed partial class ReadmeTests
{
    public static TheoryData<int> PolicyBlocks() => Lines("policy");
    public static TheoryData<int> PolicyFailureBlocks() => Lines("policy-failures");

    private static (ZoneSet Zones, GeoDnsConfiguration Configuration) ShippedSample()
    {
        var configuration = GeoDnsConfiguration.Load(Path.Combine(Root, "geodns.json"), readEnvironment: false);
        var loaded = ZoneDirectory.Load(configuration.ZonesDirectory, configuration.Geo.ZoneLoadOptions);
        Assert.NotNull(loaded);
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        return (loaded.ZoneSet, configuration);
    }

    [Theory]
    [MemberData(nameof(PolicyBlocks))]
    public void Policy_blocks_pass_against_the_shipped_sample(int line)
    {
        var block = Block(line);
        var (zones, configuration) = ShippedSample();
        var file = PolicyTestFile.Parse(block.Text, "README.md");
        Assert.Empty(file.Diagnostics);

        var result = PolicyRunner.Run(file, zones, configuration.Geo.Topology, PolicyRunOptions.From(configuration));

        Assert.True(result.Success, $"{block}: " + string.Join("\n", result.Failures));
        Assert.Equal(file.Tests.Count, result.Passed);
    }

    [Theory]
    [MemberData(nameof(PolicyFailureBlocks))]
    public void Policy_failure_lines_are_what_the_runner_reports(int line)
    {
        var block = Block(line);
        var (zones, configuration) = ShippedSample();
        var failures = block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd())
            .Where(l => l.Contains(": error: ", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(failures);

        foreach (string failure in failures)
        {
            // "file:line:col: error: NAME TYPE ...: expected VALUES, got ..." → the test "NAME TYPE ... -> VALUES".
            string message = failure[(failure.IndexOf(": error: ", StringComparison.Ordinal) + ": error: ".Length)..];
            int expected = message.IndexOf(": expected ", StringComparison.Ordinal);
            int got = message.IndexOf(", got ", StringComparison.Ordinal);
            Assert.True(expected > 0 && got > expected, $"{block}: '{failure}' is not an expected/got failure");
            string test = message[..expected] + " -> " + message[(expected + ": expected ".Length)..got];

            var file = PolicyTestFile.Parse(test + "\n", "README.md");
            Assert.Empty(file.Diagnostics);
            var result = PolicyRunner.Run(file, zones, configuration.Geo.Topology, PolicyRunOptions.From(configuration));

            var reported = Assert.Single(result.Failures);
            Assert.Equal(message, reported.Message);
        }
    }
}
