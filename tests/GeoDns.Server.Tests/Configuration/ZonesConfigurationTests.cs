using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>The <c>Zones</c> section (live reload): defaults, every key, bad values naming their key, unknown keys warned.</summary>
public sealed class ZonesConfigurationTests
{
    [Fact]
    public void Defaults_apply_without_the_section()
    {
        using var dir = new TempDirectory();
        var zones = GeoDnsConfiguration.Load(dir.Write("geodns.json", "{}"), readEnvironment: false).Zones;

        Assert.False(zones.AutoSerial);
        Assert.True(zones.RequirePassingTests);
        Assert.Equal(TimeSpan.FromSeconds(2), zones.PollInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), zones.QuietPeriod);
        Assert.True(zones.Watch);
        Assert.Equal(Path.Combine(dir.Path, "state", "last-good"), zones.LastGoodDirectory);
        Assert.False(zones.RequireAll);
    }

    [Theory]
    [InlineData("\"copies\"", "copies")]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    public void LastGoodDirectory_is_relative_to_the_config_file_and_empty_or_null_turns_the_copies_off(string json, string? expected)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", $$"""{ "Zones": { "LastGoodDirectory": {{json}}, "RequireAll": true } }""");

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Empty(configuration.Warnings);
        Assert.Equal(expected is null ? null : Path.Combine(dir.Path, expected), configuration.Zones.LastGoodDirectory);
        Assert.True(configuration.Zones.RequireAll);
    }

    [Fact]
    public void LastGoodDirectory_may_not_be_the_zones_directory()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "ZonesDirectory": "zones", "Zones": { "LastGoodDirectory": "./zones/" } }""");

        var error = Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(file, readEnvironment: false));

        Assert.StartsWith("Zones:LastGoodDirectory: ", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_binds_and_zero_turns_the_poll_off()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """
            { "ZonesDirectory": "z", "Zones": { "AutoSerial": true, "RequirePassingTests": false, "PollInterval": "0", "QuietPeriod": "100ms", "Watch": false } }
            """);

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Empty(configuration.Warnings);
        Assert.Equal(Path.Combine(dir.Path, "z"), configuration.ZonesDirectory);
        Assert.True(configuration.Zones.AutoSerial);
        Assert.False(configuration.Zones.RequirePassingTests);
        Assert.Equal(TimeSpan.Zero, configuration.Zones.PollInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), configuration.Zones.QuietPeriod);
        Assert.False(configuration.Zones.Watch);
    }

    public static TheoryData<string, string> BadValues => new()
    {
        { "\"AutoSerial\": \"yes\"", "Zones:AutoSerial: 'yes' is not true or false" },
        { "\"RequirePassingTests\": 1", "Zones:RequirePassingTests: '1' is not true or false" },
        { "\"PollInterval\": \"-2s\"", "Zones:PollInterval: '-2s' is not a duration" },
        { "\"QuietPeriod\": \"2h\"", "Zones:QuietPeriod: '2h' is not a duration" },
        { "\"Watch\": \"inotify\"", "Zones:Watch: 'inotify' is not true or false" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_reported_naming_its_key(string json, string expected)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", $$"""{ "Zones": { {{json}} } }""");

        var error = Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(file, readEnvironment: false));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_warned_about()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "Zones": { "PollIntervall": "5s" } }""");

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Equal(["Zones:PollIntervall: unknown key, ignored; did you mean Zones:PollInterval?"], configuration.Warnings);
        Assert.Equal(TimeSpan.FromSeconds(2), configuration.Zones.PollInterval);
    }

    [Fact]
    public void Reload_reads_the_same_sources_again()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "Zones": { "PollInterval": "5s" } }""");
        var first = GeoDnsConfiguration.Load(file, overrides: ["--Zones:QuietPeriod=1s"], readEnvironment: false);

        dir.Write("geodns.json", """{ "Zones": { "PollInterval": "7s" } }""");
        var second = first.Reload();

        Assert.Equal(TimeSpan.FromSeconds(7), second.Zones.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Zones.QuietPeriod);
        Assert.Equal(first.ConfigFile, second.ConfigFile);
    }
}
