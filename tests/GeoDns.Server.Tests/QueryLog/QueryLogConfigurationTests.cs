using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>The <c>QueryLog</c> section: defaults, and one message naming the key for each bad value.</summary>
public sealed class QueryLogConfigurationTests
{
    [Fact]
    public void Defaults_off_stdout_8192()
    {
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", "{}"), readEnvironment: false);
        Assert.False(configuration.QueryLog.Enabled);
        Assert.Null(configuration.QueryLog.Path);
        Assert.Equal(8192, configuration.QueryLog.QueueCapacity);
    }

    [Fact]
    public void The_shipped_geodns_json_spells_out_the_defaults()
    {
        string file = Path.Combine(Configuration.ConfigurationTests.RepositoryRoot(), "geodns.json");
        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);
        Assert.Empty(configuration.Warnings);
        Assert.False(configuration.QueryLog.Enabled);
        Assert.Null(configuration.QueryLog.Path);
        Assert.Equal(GeoDns.Server.QueryLog.QueryLogOptions.DefaultQueueCapacity, configuration.QueryLog.QueueCapacity);
        Assert.Contains("\"QueryLog\"", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Path_is_relative_to_the_config_file()
    {
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", """{ "QueryLog": { "Enabled": true, "Path": "logs/q.log", "QueueCapacity": 100 } }"""), readEnvironment: false);
        Assert.True(configuration.QueryLog.Enabled);
        Assert.Equal(Path.Combine(dir.Path, "logs", "q.log"), configuration.QueryLog.Path);
        Assert.Equal(100, configuration.QueryLog.QueueCapacity);
    }

    [Theory]
    [InlineData("""{ "QueryLog": { "Enabled": "maybe" } }""", "QueryLog:Enabled")]
    [InlineData("""{ "QueryLog": { "QueueCapacity": 0 } }""", "QueryLog:QueueCapacity")]
    [InlineData("""{ "QueryLog": { "QueueCapacity": "many" } }""", "QueryLog:QueueCapacity")]
    [InlineData("""{ "QueryLog": { "QueueCapacity": 2000000 } }""", "QueryLog:QueueCapacity")]
    [InlineData("""{ "QueryLog": "on" }""", "QueryLog")]
    public void A_bad_value_names_its_key(string json, string key)
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(dir.Write("geodns.json", json), readEnvironment: false));
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_a_warning()
    {
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", """{ "QueryLog": { "Enable": true } }"""), readEnvironment: false);
        Assert.Contains("QueryLog:Enable: unknown key, ignored; did you mean QueryLog:Enabled?", configuration.Warnings);
    }
}
