using System.Net;
using GeoDns.Core.Health;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>The <c>Health</c> and <c>Admin</c> sections bind every key; durations take both spellings.</summary>
public sealed class HealthConfigurationTests
{
    private const string Geo = """ "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "DefaultOrder": [ "eu-west", "us-east" ] } """;

    public static TheoryData<string, double> Durations => new()
    {
        { "500ms", 500 },
        { "10s", 10_000 },
        { "1m", 60_000 },
        { "00:00:10", 10_000 },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_accept_units_and_timespans(string text, double milliseconds)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", $$"""
            { {{Geo}}, "Health": { "FailoverTtl": "{{text}}", "Regions": { "eu-west": { "Checks": [
              { "Type": "tcp", "Endpoint": "127.0.0.1:9", "Interval": "{{text}}", "Timeout": "{{text}}" } ] } } } }
            """);

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        var expected = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(expected, configuration.Health.FailoverTtl);
        var check = Assert.Single(configuration.Health.Regions["eu-west"].Checks);
        Assert.Equal(expected, check.Interval);
        Assert.Equal(expected, check.Timeout);
    }

    [Fact]
    public void Every_key_binds_and_the_state_file_is_relative_to_the_config_file()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", $$"""
            { {{Geo}},
              "Health": { "StateFile": "state/s.json", "Regions": {
                "eu-west": { "Require": "any", "Checks": [
                  { "Type": "https", "Url": "https://127.0.0.1/healthz", "Host": "www.example.com", "Method": "get",
                    "ExpectedStatus": [ 200, 204 ], "BodyContains": "ok", "VerifyTls": false, "Rise": 4, "Fall": 5, "InitialState": "down" },
                  { "Type": "tcp", "Endpoint": "127.0.0.1:9" } ] } } },
              "Admin": { "Enabled": true, "Listen": "[::1]:9053", "Token": "t" } }
            """);

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Empty(configuration.Warnings);
        Assert.Equal(Path.Combine(dir.Path, "state", "s.json"), configuration.Health.StateFile);
        var region = configuration.Health.Regions["eu-west"];
        Assert.Equal(CheckRequirement.Any, region.Require);
        var http = region.Checks[0];
        Assert.Equal(HealthCheckType.Https, http.Type);
        Assert.Equal("https://127.0.0.1/healthz", http.Url);
        Assert.Equal("www.example.com", http.Host);
        Assert.Equal("GET", http.Method);
        Assert.Equal([200, 204], http.ExpectedStatus);
        Assert.Equal("ok", http.BodyContains);
        Assert.False(http.VerifyTls);
        Assert.Equal(4, http.Rise);
        Assert.Equal(5, http.Fall);
        Assert.Equal(RegionState.Down, http.InitialState);
        Assert.Equal(HealthCheckType.Tcp, region.Checks[1].Type);
        Assert.Equal("127.0.0.1:9", region.Checks[1].Endpoint);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9053), configuration.Admin.EndPoint);
        Assert.Equal("t", configuration.Admin.Token);
    }

    [Fact]
    public void The_admin_token_comes_from_the_environment_variable()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", "{}");
        Environment.SetEnvironmentVariable("GEODNS__Admin__Token", "from-env");
        try
        {
            var configuration = GeoDnsConfiguration.Load(file, readEnvironment: true);
            Assert.Equal("from-env", configuration.Admin.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GEODNS__Admin__Token", null);
        }
    }

    [Fact]
    public void A_typo_in_a_check_is_a_warning_naming_the_key()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", $$"""
            { {{Geo}}, "Health": { "Regions": { "eu-west": { "Checks": [ { "Type": "tcp", "Endpoint": "127.0.0.1:9", "Intervall": "5s" } ] } } } }
            """);

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Contains("Health:Regions:eu-west:Checks:0:Intervall: unknown key, ignored; did you mean Health:Regions:eu-west:Checks:0:Interval?", configuration.Warnings);
    }
}
