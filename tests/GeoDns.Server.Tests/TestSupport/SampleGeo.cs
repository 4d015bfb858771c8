using System.Text.Json.Nodes;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>The shipped sample: the <c>Geo</c> section of geodns.json and the zones/ files.</summary>
internal static class SampleGeo
{
    /// <summary>The shipped Geo section, with extra CIDR rules added (for the loopback test client).</summary>
    public static JsonObject Section(params (string Network, string[] Regions)[] extraNetworks)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(ConfigurationTests.RepositoryRoot(), "geodns.json")))!;
        var geo = root["Geo"]!.DeepClone().AsObject();
        var networks = geo["Networks"]!.AsObject();
        foreach (var (network, regions) in extraNetworks)
            networks[network] = new JsonArray([.. regions.Select(r => (JsonNode?)JsonValue.Create(r))]);
        return geo;
    }

    public static Dictionary<string, string> Zones()
    {
        string zones = Path.Combine(ConfigurationTests.RepositoryRoot(), "zones");
        return Directory.GetFiles(zones, "*.zone").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
    }
}
