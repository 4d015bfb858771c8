using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>
/// A problem or warning about a key set on the command line or in the environment says where it
/// came from; one about a key of the file reads as before (the file's name is where check puts it).
/// </summary>
public sealed class ConfigurationSourceTests
{
    private const string Config = """{ "Geo": { "Regions": { "eu": {}, "us": {} }, "DefaultOrder": [ "eu", "us" ] } }""";

    [Fact]
    public async Task Invalid_command_line_keys_are_reported_as_coming_from_the_command_line()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", Config);

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--Geo:DefaultOrder:0=mars", "--Listen:0=foo");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("geodns: invalid configuration: Listen:0: 'foo' is not of the form ip:port (write IPv6 as [addr]:port) (from command line --Listen:0)", Assert.Single(lines));

        (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--Geo:DefaultOrder:0=mars");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Geo:DefaultOrder: unknown region 'mars' (known regions: eu, us) (from command line --Geo:DefaultOrder:0)", error.Trim());
    }

    [Fact]
    public async Task The_same_problem_in_the_file_names_no_other_source()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Listen": [ "foo" ], "MaxUdpPayload": "abc" }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.DoesNotContain("(from ", error, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--MaxUdpPayload=x");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Failed to convert configuration value 'x' at 'MaxUdpPayload' to type 'System.Int32'. (from command line --MaxUdpPayload)", error.Trim());
    }

    [Fact]
    public async Task Check_puts_a_command_line_warning_under_the_command_line_not_the_file()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Tcp": { "MaxConection": 5 } }""");

        var (_, output, _) = await CliRunner.RunAsync("check", "--config", config, "--Tcp:IdleTimout=5s");

        Assert.Contains("command line --Tcp:IdleTimout: warning: Tcp:IdleTimout: unknown key, ignored; did you mean Tcp:IdleTimeout?", output, StringComparison.Ordinal);
        Assert.Contains("geodns.json: warning: Tcp:MaxConection: unknown key, ignored", output, StringComparison.Ordinal);
        Assert.DoesNotContain("geodns.json: warning: Tcp:IdleTimout", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_in_a_whole_Listen_list_given_on_the_command_line_names_the_command_line()
    {
        // --Listen=a,b replaces the file's list, so its entries have no --Listen:N key of their own; the
        // file's Listen:1 must not be taken for the source of the command line's second entry.
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:5353", "[::1]:5353" ] }""");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--Listen=127.0.0.1:53,bogus");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Listen:1: 'bogus' is not of the form ip:port (write IPv6 as [addr]:port) (from command line --Listen)", error.Trim());

        (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--Listen=127.0.0.1:53,127.0.0.1:53");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Equal("geodns: invalid configuration: Listen:1: 127.0.0.1:53 is already listed as Listen:0 (from command line --Listen)", error.Trim());
    }

    [Fact]
    public async Task A_problem_in_a_whole_Listen_list_given_in_the_environment_names_the_variable()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:5353", "[::1]:5353" ] }""");

        using var process = GeoDnsProcess.Start(new Dictionary<string, string> { ["GEODNS__Listen"] = "127.0.0.1:53,bogus" }, "check", "--config", config);
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(ExitCodes.InvalidConfiguration, process.ExitCode);
        Assert.Equal("geodns: invalid configuration: Listen:1: 'bogus' is not of the form ip:port (write IPv6 as [addr]:port) (from environment GEODNS__Listen)", error.Trim());
    }

    [Fact]
    public async Task An_invalid_environment_variable_is_named()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", Config);

        using var process = GeoDnsProcess.Start(new Dictionary<string, string> { ["GEODNS__Geo__Regions__eu__Countries__0"] = "UK" }, "check", "--config", config);
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(ExitCodes.InvalidConfiguration, process.ExitCode);
        Assert.Equal("geodns: invalid configuration: Geo:Regions:eu:Countries: 'UK' is not an ISO 3166-1 country code; did you mean GB? (from environment GEODNS__Geo__Regions__eu__Countries__0)", error.Trim());
    }
}
