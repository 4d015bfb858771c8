using System.Text.Json.Nodes;
using System.Text.Json;
using GeoDns.Server.Configuration;
using GeoDns.Server.Logging;
using GeoDns.Server.Tests.Deploy;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>
/// The README says the shipped geodns.json spells out every default: every key it sets (but the sample
/// topology) must mean what the server does without it, so that a server started without a configuration
/// file behaves like one started with the shipped file.
/// </summary>
public sealed class BuiltInDefaultsTests
{
    /// <summary>The sample topology of the shipped file (for the sample zones): regions, networks and their order, not defaults.</summary>
    private static readonly string[] SampleKeys = ["Geo:Regions", "Geo:Networks", "Geo:DefaultOrder"];

    [Fact]
    public void Every_setting_of_the_shipped_geodns_json_is_the_built_in_default()
    {
        var shipped = ShippedWithoutSample();
        using var dir = new TempDirectory();
        var builtIn = Effective(GeoDnsConfiguration.Load(dir.Write("builtin.json", "{}"), readEnvironment: false));
        var withFile = Effective(GeoDnsConfiguration.Load(dir.Write("shipped.json", shipped.ToJsonString()), readEnvironment: false));

        var compared = new List<string>();
        foreach (var (key, _) in Leaves(shipped, ""))
        {
            if (key.StartsWith("Serilog:", StringComparison.Ordinal)) continue;
            Assert.True(withFile.ContainsKey(key), $"{key} of the shipped geodns.json is not a setting this test can compare");
            compared.Add(key);
        }
        var differing = withFile.Keys
            .Where(key => !Equals(withFile[key], builtIn.GetValueOrDefault(key)))
            .Select(key => $"{key}: shipped {withFile[key] ?? "null"}, built in {builtIn.GetValueOrDefault(key) ?? "null"}")
            .ToList();

        Assert.True(differing.Count == 0, "built-in defaults differ from the shipped geodns.json: " + string.Join("; ", differing));
        Assert.Contains("Health:StateFile", compared);
    }

    [Fact]
    public void The_Serilog_levels_of_the_shipped_geodns_json_are_built_in()
    {
        var levels = Leaves(ShippedWithoutSample(), "").Where(l => l.Key.StartsWith("Serilog:", StringComparison.Ordinal)).ToList();
        using var logger = SerilogSetup.Configure(new LoggerConfiguration(), new ConfigurationBuilder().Build()).CreateLogger();

        Assert.NotEmpty(levels);
        foreach (var (key, value) in levels)
        {
            var level = Enum.Parse<LogEventLevel>(value!);
            ILogger source = key switch
            {
                "Serilog:MinimumLevel:Default" => logger,
                _ when key.StartsWith("Serilog:MinimumLevel:Override:", StringComparison.Ordinal) =>
                    logger.ForContext(Constants.SourceContextPropertyName, key["Serilog:MinimumLevel:Override:".Length..] + ".Sample"),
                _ => throw new InvalidOperationException($"{key} of the shipped geodns.json is not a Serilog setting this test can compare"),
            };
            Assert.True(source.IsEnabled(level), $"{key}: {value} is not enabled without a configuration file");
            if (level > LogEventLevel.Verbose)
                Assert.False(source.IsEnabled(level - 1), $"{key}: {level - 1} is enabled without a configuration file, the shipped file says {value}");
        }
    }

    [Fact]
    public void A_configured_override_of_a_built_in_source_replaces_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Information",
        }).Build();
        using var logger = SerilogSetup.Configure(new LoggerConfiguration(), configuration).CreateLogger();

        Assert.True(logger.ForContext(Constants.SourceContextPropertyName, "Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogEventLevel.Information));
    }

    [Theory]
    [InlineData("""{ "Health": { "StateFile": "" } }""")]
    [InlineData("""{ "Health": { "StateFile": null } }""")]
    public void An_empty_StateFile_turns_persistence_off(string json)
    {
        using var dir = new TempDirectory();

        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", json), readEnvironment: false);

        Assert.Null(configuration.Health.StateFile);
    }

    [Fact]
    public void Without_the_key_the_StateFile_is_state_geodns_state_json_beside_the_configuration_file()
    {
        using var dir = new TempDirectory();

        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", """{ "Health": { "FailoverTtl": "10s" } }"""), readEnvironment: false);

        Assert.Equal(Path.Combine(dir.Path, "state", "geodns-state.json"), configuration.Health.StateFile);
    }

    private static JsonObject ShippedWithoutSample()
    {
        var shipped = JsonNode.Parse(File.ReadAllText(DeployFiles.PathOf("geodns.json")))!.AsObject();
        var geo = shipped["Geo"]!.AsObject();
        foreach (string key in SampleKeys) Assert.True(geo.Remove(key.Split(':')[1]), $"the shipped geodns.json has no {key}");
        return shipped;
    }

    /// <summary>The settings in force, flattened to "Section:Key" (arrays "Listen:0"), as the server holds them after loading.</summary>
    private static Dictionary<string, string?> Effective(GeoDnsConfiguration configuration)
    {
        var root = JsonSerializer.SerializeToNode(configuration.Options)!.AsObject();
        root.Remove("Listen");
        root["Listen"] = JsonSerializer.SerializeToNode(configuration.Options.EffectiveListen);
        root.Remove("EffectiveListen");
        // Not Admin:EndPoint: it is parsed from Admin:Listen (and an IPv4 address does not serialize).
        var admin = new JsonObject
        {
            ["Enabled"] = configuration.Admin.Enabled,
            ["Listen"] = configuration.Admin.Listen,
            ["Token"] = configuration.Admin.Token,
        };
        root["Geo"] = JsonSerializer.SerializeToNode(configuration.Geo.Options);
        root["Health"] = JsonSerializer.SerializeToNode(configuration.Health);
        root["Admin"] = admin;
        root["QueryLog"] = JsonSerializer.SerializeToNode(configuration.QueryLog);
        root["Zones"] = JsonSerializer.SerializeToNode(configuration.Zones);
        root["Cookies"] = JsonSerializer.SerializeToNode(configuration.Cookies);
        var rateLimit = configuration.RateLimit.Options;
        root["RateLimit"] = new JsonObject
        {
            ["Enabled"] = configuration.RateLimit.Enabled,
            ["ResponsesPerSecond"] = rateLimit.ResponsesPerSecond,
            ["NxDomainsPerSecond"] = rateLimit.NxDomainsPerSecond,
            ["ErrorsPerSecond"] = rateLimit.ErrorsPerSecond,
            ["Window"] = rateLimit.Window,
            ["Slip"] = rateLimit.Slip,
            ["IPv4PrefixLength"] = rateLimit.IPv4PrefixLength,
            ["IPv6PrefixLength"] = rateLimit.IPv6PrefixLength,
            ["Exempt"] = new JsonArray([.. rateLimit.Exempt.Select(n => (JsonNode?)JsonValue.Create(n.ToString()))]),
            ["LogOnly"] = rateLimit.LogOnly,
            ["TableSize"] = rateLimit.TableSize,
        };
        return Leaves(root, "").ToDictionary(l => l.Key, l => l.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Leaves(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json)
                    foreach (var leaf in Leaves(value, prefix + name + ":")) yield return leaf;
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                    foreach (var leaf in Leaves(array[i], prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":")) yield return leaf;
                break;
            default:
                yield return new(prefix.TrimEnd(':'), node is JsonValue scalar && scalar.TryGetValue(out string? text) ? text : node?.ToJsonString());
                break;
        }
    }
}
