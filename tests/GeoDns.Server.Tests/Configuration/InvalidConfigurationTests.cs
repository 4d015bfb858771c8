using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>Invalid configuration: one clear message naming the key, exit code 2, no stack trace.</summary>
public sealed class InvalidConfigurationTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // command, config file text, the key the message must name
        { "check", """{ "MaxUdpPayload": 100 }""", "MaxUdpPayload" },
        { "serve", """{ "MaxUdpPayload": 100 }""", "MaxUdpPayload" },
        { "check", """{ "MaxUdpPayload": "lots" }""", "MaxUdpPayload" },
        { "serve", """{ "Tcp": { "IdleTimeout": "soon" } }""", "Tcp:IdleTimeout" },
        { "serve", """{ "Tcp": { "IdleTimeout": "NaNs" } }""", "Tcp:IdleTimeout" },
        { "check", """{ "Zones": { "PollInterval": "9999999999999999999h" } }""", "Zones:PollInterval" },
        { "check", """{ "Zones": { "QuietPeriod": "Infinityms" } }""", "Zones:QuietPeriod" },
        { "check", """{ "Health": { "FailoverTtl": "NaNs" } }""", "Health:FailoverTtl" },
        { "serve", """{ "Tcp": { "MaxConnections": 0 } }""", "Tcp:MaxConnections" },
        { "serve", """{ "Tcp": { "MaxConnectionsPerClient": -1 } }""", "Tcp:MaxConnectionsPerClient" },
        { "serve", """{ "Listen": [ "127.0.0.1:5353", "localhost:53" ] }""", "Listen:1" },
        { "serve", """{ "Listen": [ "0.0.0.0:53" ] }""", "Listen:0" },
        { "serve", """{ "Listen": [ "127.0.0.1:99999" ] }""", "Listen:0" },
        { "serve", """{ "UdpReceiveMode": "Psychic" }""", "UdpReceiveMode" },
        { "serve", """{ "Listen": [ """, "geodns.json" },
        { "serve", """{ "Listen": "127.0.0.1:5300,nowhere" }""", "Listen:1" },
        { "serve", """{ "Listen": [ "127.0.0.1:5300", "[::1]:5300", "127.0.0.1:5300" ] }""", "Listen:2: 127.0.0.1:5300 is already listed as Listen:0" },
        { "serve", """{ "Tcp": "fast" }""", "Tcp" },
        { "serve", """{ "Serilog": { "MinimumLevel": { "Default": "Loud" } } }""", "Serilog" },
        { "check", """{ "Serilog": { "MinimumLevel": { "Default": "Loud" } } }""", "Serilog" },
        { "check", """{ "Admin": { "Listen": "nowhere" } }""", "Admin:Listen" },
        { "serve", """{ "Admin": { "Listen": "127.0.0.1:99999" } }""", "Admin:Listen" },
        { "serve", """{ "Admin": { "Enabled": "maybe" } }""", "Admin:Enabled" },
        { "serve", """{ "Admin": "on" }""", "Admin" },
        { "serve", """{ "Health": { "FailoverTtl": "soon" } }""", "Health:FailoverTtl" },
        { "check", """{ "Health": { "FailoverTtl": "-5s" } }""", "Health:FailoverTtl" },
        { "serve", """{ "Health": "on" }""", "Health" },
        { "check", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "mars": {} } } }""", "Health:Regions:mars" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Require": "most" } } } }""", "Health:Regions:eu-west:Require" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "ftp", "Url": "ftp://127.0.0.1/" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Type" },
        { "check", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "http", "Url": "http://127.0.0.1/", "Interval": "fast" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Interval" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "http", "Url": "http://127.0.0.1/", "Timeout": "00:00:xx" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Timeout" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "tcp", "Endpoint": "127.0.0.1:1", "Rise": 0 } ] } } } }""", "Health:Regions:eu-west:Checks:0:Rise" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "tcp", "Endpoint": "127.0.0.1:1", "Fall": "many" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Fall" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "http", "Url": "http://127.0.0.1/", "Method": "POST" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Method" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "http", "Url": "http://127.0.0.1/", "ExpectedStatus": [ 200, 999 ] } ] } } } }""", "Health:Regions:eu-west:Checks:0:ExpectedStatus:1" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "https", "Url": "https://127.0.0.1/", "VerifyTls": "perhaps" } ] } } } }""", "Health:Regions:eu-west:Checks:0:VerifyTls" },
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "tcp", "Endpoint": "127.0.0.1:1", "InitialState": "sideways" } ] } } } }""", "Health:Regions:eu-west:Checks:0:InitialState" },
        // Checked by HealthMonitor itself (HealthConfigException.Path, in the Health section), for serve and check alike.
        { "serve", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "http", "Url": "http://127.0.0.1/", "Method": "HEAD", "BodyContains": "ok" } ] } } } }""", "Health:Regions:eu-west:Checks:0:BodyContains" },
        { "check", """{ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] }, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "tcp", "Endpoint": "127.0.0.1:1", "Interval": "1s", "Timeout": "5s" } ] } } } }""", "Health:Regions:eu-west:Checks:0:Timeout" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Exits_2_naming_the_key(string command, string json, string key)
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", json);

        var (exit, output, error) = await CliRunner.RunAsync(command, "--config", config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_line_override_is_validated_too()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", "{}");

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", config, "--Tcp:IdleTimeout=never");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("Tcp:IdleTimeout", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_named_explicitly_exits_2()
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await CliRunner.RunAsync("check", "--config", Path.Combine(dir.Path, "absent.json"));

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("--config", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_option_without_a_path_exits_2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check", "--config");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("--config", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unrecognized_argument_exits_2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check", "surprise");

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("surprise", error, StringComparison.Ordinal);
    }
}
