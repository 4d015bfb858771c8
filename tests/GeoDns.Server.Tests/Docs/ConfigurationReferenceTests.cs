using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.Deploy;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// The README's configuration reference lists every key: every key the server binds and every key of
/// the shipped configurations has a row in a README table, and every documented key is used by a
/// configuration that loads without an unknown-key warning (the shipped geodns.json or a README example).
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    /// <summary>The first column of every README table row: `Tcp:IdleTimeout` → Tcp:IdleTimeout.</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(ReadmeBlock.ReadmePath))
        {
            var match = TableKey().Match(line);
            if (match.Success) keys.Add(match.Groups[1].Value);
        }
        return keys;
    }

    /// <summary>Keys the server binds: option properties, sections' children named by the option classes.</summary>
    public static TheoryData<string> BoundKeys()
    {
        var keys = new TheoryData<string>();
        foreach (string key in Properties(typeof(GeoDnsOptions)).Where(p => p != nameof(GeoDnsOptions.Tcp))) keys.Add(key);
        foreach (string key in Properties(typeof(TcpOptions))) keys.Add($"Tcp:{key}");
        foreach (string key in Properties(typeof(GeoOptions))) keys.Add($"{GeoSection.Name}:{key}");
        foreach (string key in Properties(typeof(HealthOptions))) keys.Add($"{HealthSection.Name}:{key}");
        foreach (string key in Properties(typeof(AdminOptions)).Where(p => p != nameof(AdminOptions.EndPoint))) keys.Add($"{AdminSection.Name}:{key}");
        foreach (string key in Properties(typeof(GeoDns.Server.QueryLog.QueryLogOptions))) keys.Add($"{QueryLogSection.Name}:{key}");
        foreach (string key in Properties(typeof(CookiesOptions))) keys.Add($"{CookiesSection.Name}:{key}");
        foreach (string key in RateLimitSection.Keys) keys.Add($"{RateLimitSection.Name}:{key}");
        return keys;
    }

    /// <summary>The keys of the shipped configurations (collapsed where names are the operator's: regions, networks, Serilog).</summary>
    public static TheoryData<string> ShippedKeys()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in new[] { "geodns.json", "deploy/container/geodns.json" })
            Collect(JsonNode.Parse(File.ReadAllText(DeployFiles.PathOf(file)))!.AsObject(), "", keys);
        var data = new TheoryData<string>();
        foreach (string key in keys) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(BoundKeys))]
    public void Every_key_the_server_binds_is_documented(string key) =>
        Assert.True(DocumentedKeys().Contains(key), $"{key} has no row in a README table");

    [Theory]
    [MemberData(nameof(ShippedKeys))]
    public void Every_key_of_the_shipped_configurations_is_documented(string key) =>
        Assert.True(DocumentedKeys().Contains(key), $"{key} has no row in a README table");

    [Fact]
    public void Every_check_key_is_documented()
    {
        var documented = DocumentedKeys();
        // Name is set by the monitor (region/index), not read from the configuration.
        foreach (string key in Properties(typeof(HealthCheckOptions)).Where(p => p != nameof(HealthCheckOptions.Name)))
            Assert.True(documented.Contains(key), $"check key {key} has no row in a README table");
    }

    [Fact]
    public void Every_documented_key_is_used_by_a_configuration_that_loads_without_warnings()
    {
        // The configurations: the shipped geodns.json and the README's config examples (all of which
        // ReadmeTests loads without unknown-key warnings).
        var used = new HashSet<string>(StringComparer.Ordinal);
        Collect(JsonNode.Parse(File.ReadAllText(DeployFiles.PathOf("geodns.json")))!.AsObject(), "", used, collapse: false);
        foreach (var block in ReadmeBlock.All().Where(b => b.Kind is "config" or "config-fragment"))
        {
            var json = JsonNode.Parse(block.Kind == "config" ? block.Text : "{" + block.Text + "}")!.AsObject();
            Collect(json, "", used, collapse: false);
        }
        var names = used.SelectMany(k => new[] { k, k.Split(':')[^1] }).ToHashSet(StringComparer.Ordinal);

        var missing = DocumentedKeys().Where(k => !names.Contains(k)).ToList();

        Assert.True(missing.Count == 0, "documented but in no loading configuration: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    private static void Collect(JsonObject json, string prefix, ISet<string> keys, bool collapse = true)
    {
        foreach (var (name, value) in json)
        {
            string key = prefix + name;
            bool operatorNamed = key is "Geo:Regions" or "Geo:Networks" or "Health:Regions" or "Serilog";
            if (value is JsonObject child && !(collapse && operatorNamed))
            {
                if (!collapse) keys.Add(key);
                Collect(child, operatorNamed ? "" : key + ":", keys, collapse);
            }
            else if (value is JsonArray array && !collapse)
            {
                keys.Add(key);
                foreach (var item in array)
                    if (item is JsonObject element) Collect(element, "", keys, collapse);
            }
            else keys.Add(key);
        }
    }

    // A configuration key is PascalCase (at least one lower-case letter; digits as in IPv4PrefixLength): `NAME` / `TYPE` columns of other tables are not keys.
    [GeneratedRegex(@"^\|\s*`([A-Z][A-Za-z0-9:]*[a-z][A-Za-z0-9:]*)`\s*\|")]
    private static partial Regex TableKey();
}
