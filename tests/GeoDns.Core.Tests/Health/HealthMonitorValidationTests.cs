using GeoDns.Core.Health;
using Microsoft.Extensions.Time.Testing;
using static GeoDns.Core.Tests.Health.MonitorHarness;

namespace GeoDns.Core.Tests.Health;

public sealed class HealthMonitorValidationTests
{
    private const string Check = "Health:Regions:eu-west:Checks:0";

    public static TheoryData<string, Action<HealthOptions, HealthCheckOptions>> Cases => new()
    {
        { "Health:FailoverTtl", (o, _) => o.FailoverTtl = TimeSpan.FromSeconds(-1) },
        { "Health:Regions:nowhere", (o, _) => o.Regions["nowhere"] = new RegionHealthOptions() },
        { "Health:Regions:eu-west:Require", (o, _) => o.Regions["eu-west"].Require = (CheckRequirement)7 },
        { Check + ":Url", (_, c) => c.Url = null },
        { Check + ":Url", (_, c) => c.Url = "/health" },
        { Check + ":Url", (_, c) => c.Url = "https://127.0.0.1/health" },
        { Check + ":Url", (_, c) => { c.Type = HealthCheckType.Https; c.Url = "http://127.0.0.1/"; } },
        { Check + ":Method", (_, c) => c.Method = "POST" },
        { Check + ":ExpectedStatus:1", (_, c) => c.ExpectedStatus = [200, 42] },
        { Check + ":BodyContains", (_, c) => { c.Method = "HEAD"; c.BodyContains = "ok"; } },
        { Check + ":Host", (_, c) => c.Host = "bad host!" },
        { Check + ":VerifyTls", (_, c) => c.VerifyTls = false },
        { Check + ":Interval", (_, c) => c.Interval = TimeSpan.Zero },
        { Check + ":Timeout", (_, c) => c.Timeout = TimeSpan.Zero },
        { Check + ":Timeout", (_, c) => c.Timeout = c.Interval + TimeSpan.FromSeconds(1) },
        { Check + ":Rise", (_, c) => c.Rise = 0 },
        { Check + ":Fall", (_, c) => c.Fall = 0 },
        { Check + ":InitialState", (_, c) => c.InitialState = (RegionState)5 },
        { Check + ":Type", (_, c) => c.Type = (HealthCheckType)9 },
        { Check + ":Endpoint", (_, c) => { c.Type = HealthCheckType.Tcp; c.Url = null; c.Endpoint = "127.0.0.1"; } },
        { Check + ":Endpoint", (_, c) => { c.Type = HealthCheckType.Tcp; c.Url = null; c.Endpoint = "127.0.0.1:70000"; } },
        { Check + ":Endpoint", (_, c) => { c.Type = HealthCheckType.Tcp; c.Url = null; c.Endpoint = "::1:53"; } },
        { Check + ":Url", (_, c) => { c.Type = HealthCheckType.Tcp; c.Endpoint = "127.0.0.1:53"; } },
        { Check + ":Endpoint", (_, c) => c.Endpoint = "127.0.0.1:53" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_values_are_rejected_naming_their_key(string key, Action<HealthOptions, HealthCheckOptions> breakIt)
    {
        var check = Http("http://127.0.0.1:8080/health");
        var options = Options("eu-west", check);
        breakIt(options, check);

        var e = Assert.Throws<HealthConfigException>(() =>
            new HealthMonitor(options, ["us-east", "eu-west"], new FakeTimeProvider(), new ListLogger(), _ => { }));

        Assert.Equal(key, e.KeyIn("Health"));
        Assert.StartsWith(key, e.Describe("Health"));
        Assert.Equal(key["Health:".Length..], e.Path);
    }

    public static TheoryData<HealthCheckOptions> ValidChecks => new()
    {
        Http("http://127.0.0.1:8080/health"),
        new HealthCheckOptions { Type = HealthCheckType.Https, Url = "https://eu.example.net/health", VerifyTls = false, Host = "eu.example.net" },
        new HealthCheckOptions { Type = HealthCheckType.Tcp, Endpoint = "[::1]:53" },
        new HealthCheckOptions { Type = HealthCheckType.Tcp, Endpoint = "db.example.net:5432" },
        new HealthCheckOptions { Url = "http://127.0.0.1/", Method = "head", ExpectedStatus = [200, 204] },
    };

    [Theory]
    [MemberData(nameof(ValidChecks))]
    public async Task Valid_checks_are_accepted(HealthCheckOptions check)
    {
        var options = Options("eu-west", check);
        HealthMonitor.Validate(options, ["us-east", "eu-west"]);
        await using var monitor = new HealthMonitor(options, ["us-east", "eu-west"], new FakeTimeProvider(), new ListLogger(), _ => { });
        var status = monitor.GetStatus();
        Assert.Equal(check.Type, status[1].Checks[0].Type);
        Assert.Null(status[1].Checks[0].LastSuccess);
    }
}
