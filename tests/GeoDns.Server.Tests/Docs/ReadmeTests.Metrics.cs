using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Admin;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Docs;

/// <summary>The README's Metrics and query log section: the metric table, the PromQL examples and the sample log line.</summary>
public sealed partial class ReadmeTests
{
    public static TheoryData<int> PromqlBlocks() => Lines("promql");
    public static TheoryData<int> QueryLogBlocks() => Lines("querylog");

    [Fact]
    public async Task The_metrics_table_lists_every_geodns_metric_the_server_exports()
    {
        var exported = await ExportedGeodnsMetricsAsync();
        var documented = File.ReadAllLines(ReadmeBlock.ReadmePath)
            .Select(l => MetricRow().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(exported.Except(documented).Order(StringComparer.Ordinal)); // exported, not in the table
        Assert.Empty(documented.Except(exported).Order(StringComparer.Ordinal)); // in the table, not exported
    }

    [Fact]
    public async Task The_process_and_runtime_metrics_the_README_names_are_exported()
    {
        var exported = await ExportedMetricsAsync();
        var named = File.ReadAllLines(ReadmeBlock.ReadmePath)
            .SelectMany(l => LibraryMetricName().Matches(l).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(named);
        Assert.Empty(named.Except(exported).Order(StringComparer.Ordinal)); // named in the README, not exported
    }

    [Theory]
    [MemberData(nameof(PromqlBlocks))]
    public async Task Promql_examples_name_metrics_the_server_exports(int line)
    {
        var block = Block(line);
        var exported = await ExportedGeodnsMetricsAsync();
        var named = MetricName().Matches(block.Text).Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", "")).ToList();

        Assert.NotEmpty(named);
        foreach (string name in named) Assert.True(exported.Contains(name), $"{block}: {name} is not exported");
    }

    [Theory]
    [MemberData(nameof(QueryLogBlocks))]
    public async Task Query_log_examples_have_the_fields_the_server_writes(int line)
    {
        var block = Block(line);
        var documented = JsonNode.Parse(block.Text)!.AsObject();

        var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: SampleGeo.Section(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true", ["QueryLog:Path"] = "queries.log" });
        try
        {
            using (var udp = DnsSockets.UdpClient(server.Udp4))
                DnsSockets.UdpExchange(udp, server.Udp4, EcsWire.Query(1, "www.example.com.", 1, "198.51.100.0/24"));
            await server.StopAsync();
            var written = JsonNode.Parse(File.ReadAllLines(Path.Combine(server.Directory.Path, "queries.log")).Single())!.AsObject();

            Assert.Equal(Shape(written), Shape(documented));
            Assert.Equal((string?)written["region"], (string?)documented["region"]);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Field names with their JSON kinds, nested objects flattened: "ecs.scope:Number".</summary>
    private static List<string> Shape(JsonObject line, string prefix = "")
    {
        var shape = new List<string>();
        foreach (var (name, value) in line)
        {
            if (value is JsonObject inner) shape.AddRange(Shape(inner, prefix + name + "."));
            else shape.Add($"{prefix}{name}:{value!.GetValueKind()}");
        }
        shape.Sort(StringComparer.Ordinal);
        return shape;
    }

    /// <summary>
    /// The geodns_* metric families a real server exports once it has answered queries (a geo answer
    /// with ECS, a failover answer), seen a region go down, and serves a GeoIP database.
    /// </summary>
    private static async Task<HashSet<string>> ExportedGeodnsMetricsAsync() =>
        (await ExportedMetricsAsync()).Where(n => n.StartsWith("geodns_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every metric family (its TYPE line) that server exports, prometheus-net's process and runtime metrics included.</summary>
    private static async Task<HashSet<string>> ExportedMetricsAsync()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("networks.csv", "network,continent,country,subdivision,lat,lon\n198.18.0.0/16,EU,DE,DE-BE,52.52,13.40\n");
        string mmdb = Path.Combine(dir.Path, "test.mmdb");
        MmdbCsv.Build(csv, mmdb, "GeoDns-Test-City");
        var geo = SampleGeo.Section();
        geo["Database"] = "geo/test.mmdb";
        const string token = "readme-token";
        await using var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: geo,
            files: new Dictionary<string, byte[]> { ["geo/test.mmdb"] = await File.ReadAllBytesAsync(mmdb) },
            admin: new JsonObject { ["Listen"] = "127.0.0.1:0", ["Token"] = token });
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };

        using (var request = new HttpRequestMessage(HttpMethod.Put, "v1/regions/eu-west/override"))
        {
            request.Content = new StringContent("""{ "state": "down", "reason": "readme" }""", System.Text.Encoding.UTF8, "application/json");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);
        }
        using (var udp = DnsSockets.UdpClient(server.Udp4))
            DnsSockets.UdpExchange(udp, server.Udp4, EcsWire.Query(1, "www.example.com.", 1, "198.51.100.0/24"));

        using var scrape = await http.GetAsync("metrics");
        string text = await scrape.Content.ReadAsStringAsync();
        return TypeLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `(geodns_[a-z_]+)` \|")]
    private static partial Regex MetricRow();

    /// <summary>A process or .NET runtime metric named in full: `process_cpu_seconds_total` (not the `process_*` wildcard).</summary>
    [GeneratedRegex(@"`((?:process|dotnet)_[a-z_]+)`")]
    private static partial Regex LibraryMetricName();

    [GeneratedRegex(@"\bgeodns_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# TYPE ([a-z_]+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
