using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeoDns.Server.Tests.Reload;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Docs;

public sealed partial class ReadmeTests
{
    /// <summary>
    /// The Reload section's 422 example, "a configuration that removes a region a zone uses", shows
    /// the report's messages; they are what the server says when the shipped sample loses us-east.
    /// </summary>
    [Fact]
    public async Task The_rejected_reload_example_shows_what_the_server_reports()
    {
        var block = ReadmeBlock.All().Single(b => b.Kind == "curl" && b.Text.Contains("POST http://127.0.0.1:8053/v1/reload", StringComparison.Ordinal));
        var documented = block.Lines
            .Where(l => l.StartsWith("#     \"", StringComparison.Ordinal))
            .Select(l => QuotedMessage().Match(l).Groups[1].Value)
            .ToList();
        Assert.True(documented.Count >= 2, $"{block}: no messages found in the example");

        // No watcher and no poll: the edit is read by the POST, as in the example, not noticed before it.
        await using var harness = await ReloadHarness.StartAsync(zones: SampleGeo.Zones(), geo: SampleGeo.Section(),
            zonesSection: new JsonObject { ["Watch"] = false, ["PollInterval"] = "0" });
        harness.EditConfig(root =>
        {
            var geo = root["Geo"]!;
            geo["Regions"]!.AsObject().Remove("us-east");
            foreach (var (network, regions) in geo["Networks"]!.AsObject().ToList())
            {
                var kept = regions!.AsArray().Select(r => (string)r!).Where(r => r != "us-east").ToList();
                if (kept.Count == 0) geo["Networks"]!.AsObject().Remove(network);
                else geo["Networks"]![network] = new JsonArray([.. kept.Select(r => (JsonNode?)JsonValue.Create(r))]);
            }
            geo["DefaultOrder"] = new JsonArray("eu-west", "ap-south");
        });

        var (status, body) = await harness.PostReloadAsync();

        Assert.True(status == 422, $"POST /v1/reload answered {status}: {body.ToJsonString()}");
        Assert.Equal("rejected", (string?)body["config"]!["result"]);
        string directory = harness.Server.Directory.Path + Path.DirectorySeparatorChar;
        var messages = body["config"]!["messages"]!.AsArray().Select(m => ((string)m!).Replace(directory, "", StringComparison.Ordinal)).ToList();
        Assert.True(documented.SequenceEqual(messages),
            $"{block}: the example shows\n  {string.Join("\n  ", documented)}\nbut the server reports\n  {string.Join("\n  ", messages)}");
    }

    [GeneratedRegex("^#\\s+\"(.*)\"\\s*\\]?\\s*\\}?,?\\s*$")]
    private static partial Regex QuotedMessage();
}
