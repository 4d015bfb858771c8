using GeoDns.Core.RateLimiting;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>The <c>RateLimit</c> section: off by default, every key read, bad values naming their key, unknown keys warned, restart-only.</summary>
public sealed class RateLimitConfigurationTests
{
    private static GeoDnsConfiguration Load(string json)
    {
        using var dir = new TempDirectory();
        return GeoDnsConfiguration.Load(dir.Write("geodns.json", json), readEnvironment: false);
    }

    private static string Problem(string json)
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(dir.Write("geodns.json", json), readEnvironment: false));
        return Assert.Single(error.Problems);
    }

    [Fact]
    public void Off_without_the_section_with_BIND_like_defaults()
    {
        var rateLimit = Load("{}").RateLimit;

        Assert.False(rateLimit.Enabled);
        Assert.Equal(20, rateLimit.Options.ResponsesPerSecond);
        Assert.Equal(20, rateLimit.Options.RateOf(ResponseClass.NxDomain));
        Assert.Equal(20, rateLimit.Options.RateOf(ResponseClass.Error));
        Assert.Equal(15, rateLimit.Options.Window);
        Assert.Equal(2, rateLimit.Options.Slip);
        Assert.Equal(24, rateLimit.Options.IPv4PrefixLength);
        Assert.Equal(56, rateLimit.Options.IPv6PrefixLength);
        Assert.Empty(rateLimit.Options.Exempt);
        Assert.False(rateLimit.Options.LogOnly);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var configuration = Load("""
            { "RateLimit": { "Enabled": true, "ResponsesPerSecond": 10, "NxDomainsPerSecond": 3, "ErrorsPerSecond": 4, "Window": 0, "Slip": 1,
              "IPv4PrefixLength": 32, "IPv6PrefixLength": 64, "Exempt": [ "10.0.0.0/8", "2001:db8::1" ], "LogOnly": true, "TableSize": 1000 } }
            """);
        var options = configuration.RateLimit.Options;

        Assert.Empty(configuration.Warnings);
        Assert.True(configuration.RateLimit.Enabled);
        Assert.Equal(10, options.RateOf(ResponseClass.Answer));
        Assert.Equal(3, options.RateOf(ResponseClass.NxDomain));
        Assert.Equal(4, options.RateOf(ResponseClass.Error));
        Assert.Equal(0, options.Window);
        Assert.Equal(1, options.Slip);
        Assert.Equal(32, options.IPv4PrefixLength);
        Assert.Equal(64, options.IPv6PrefixLength);
        Assert.Equal([new RateLimitNetwork(0x0A000000, false, 8), new RateLimitNetwork(UInt128.Parse("42540766411282592856903984951653826561"), true, 128)], options.Exempt);
        Assert.True(options.LogOnly);
        Assert.Equal(1000, options.TableSize);
        using var limiter = new ResponseRateLimiter(options, TimeProvider.System);
        Assert.Equal(1024, limiter.TableSize);
    }

    [Fact]
    public void Exempt_may_be_one_comma_separated_string()
    {
        var options = Load("""{ "RateLimit": { "Exempt": "192.0.2.0/24, ::ffff:198.51.100.0/120" } }""").RateLimit.Options;

        Assert.Equal([new RateLimitNetwork(0xC0000200, false, 24), new RateLimitNetwork(0xC6336400, false, 24)], options.Exempt);
    }

    [Theory]
    [InlineData("""{ "RateLimit": { "ResponsesPerSecond": 1001 } }""", "RateLimit:ResponsesPerSecond: '1001' is not a whole number from 0 to 1000")]
    [InlineData("""{ "RateLimit": { "ErrorsPerSecond": "NaN" } }""", "RateLimit:ErrorsPerSecond: 'NaN' is not a whole number from 0 to 1000")]
    [InlineData("""{ "RateLimit": { "Slip": -1 } }""", "RateLimit:Slip: '-1' is not a whole number from 0 to 10")]
    [InlineData("""{ "RateLimit": { "Window": 3601 } }""", "RateLimit:Window: '3601' is not a whole number from 0 to 3600")]
    [InlineData("""{ "RateLimit": { "IPv4PrefixLength": 33 } }""", "RateLimit:IPv4PrefixLength: '33' is not a whole number from 0 to 32")]
    [InlineData("""{ "RateLimit": { "TableSize": 99999999999 } }""", "RateLimit:TableSize: '99999999999' is not a whole number from 64 to 16777216")]
    [InlineData("""{ "RateLimit": { "Enabled": "yes" } }""", "RateLimit:Enabled: 'yes' is not true or false")]
    [InlineData("""{ "RateLimit": "on" }""", "RateLimit: 'on' is not a section; write { \"Enabled\": true, \"ResponsesPerSecond\": 20 }")]
    public void A_bad_value_is_one_line_naming_its_key(string json, string expected) =>
        Assert.Equal(expected, Problem(json));

    [Theory]
    [InlineData("10.0.0.0/33", "prefix 33 is longer than 32 bits")]
    [InlineData("10.0.0.1/8", "has address bits set beyond the prefix")]
    [InlineData("example.com", "is not a network in CIDR form")]
    public void A_bad_exempt_network_names_its_entry(string cidr, string problem)
    {
        string message = Problem($$"""{ "RateLimit": { "Exempt": [ "192.0.2.0/24", "{{cidr}}" ] } }""");

        Assert.StartsWith($"RateLimit:Exempt:1: '{cidr}' ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_warned_with_the_key_meant()
    {
        var configuration = Load("""{ "RateLimit": { "ResponsePerSecond": 5 } }""");

        Assert.Equal("RateLimit:ResponsePerSecond: unknown key, ignored; did you mean RateLimit:ResponsesPerSecond?", Assert.Single(configuration.Warnings));
    }

    [Fact]
    public void The_section_is_not_restart_only()
    {
        using var dir = new TempDirectory();
        var before = GeoDnsConfiguration.Load(dir.Write("before.json", """{ "RateLimit": { "Enabled": false } }"""), readEnvironment: false);
        var after = GeoDnsConfiguration.Load(dir.Write("after.json", """{ "RateLimit": { "Enabled": true } }"""), readEnvironment: false);
        var same = GeoDnsConfiguration.Load(dir.Write("same.json", """{ "RateLimit": { "Enabled": false } }"""), readEnvironment: false);

        // A reload applies it (ConfigReloader): no "takes effect after a restart".
        Assert.Empty(RestartOnlyKeys.Changed(before, after));
        Assert.Empty(RestartOnlyKeys.Changed(before, same));
        Assert.Equal("off", before.RateLimit.Describe());
        Assert.StartsWith("on: 20 responses, 20 NXDOMAIN, 20 errors per second per /24 and /56", after.RateLimit.Describe(), StringComparison.Ordinal);
    }
}
