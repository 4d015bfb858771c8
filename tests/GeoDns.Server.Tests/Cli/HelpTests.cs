namespace GeoDns.Server.Tests.Cli;

public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("check", "--help")]
    [InlineData("explain", "--help")]
    public async Task Help_describes_the_configuration_overrides_instead_of_additional_arguments(params string[] args)
    {
        var (exit, output, _) = await CliRunner.RunAsync(args);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Additional Arguments", output, StringComparison.Ordinal);
        Assert.DoesNotContain("application that is being run", output, StringComparison.Ordinal);
        Assert.DoesNotContain("<additional arguments>", output, StringComparison.Ordinal);
        Assert.Contains("[--Key=Value ...]", output, StringComparison.Ordinal);
        Assert.Contains("Configuration overrides:", output, StringComparison.Ordinal);
        Assert.Contains("--config <PATH>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_of_a_command_without_overrides_is_left_as_it_is()
    {
        var (exit, output, _) = await CliRunner.RunAsync("healthcheck", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--timeout <DURATION>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Configuration overrides:", output, StringComparison.Ordinal);
    }
}
