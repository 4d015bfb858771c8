using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text;
using GeoDns.Server.Admin;
using GeoDns.Server.Cli;
using GeoDns.Server.Configuration;
using GeoDns.Server.Logging;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.Deploy;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// Every code block in README.md is an example an operator will copy, so every one is exercised
/// here against the real code. Convention: the line before a block's opening fence (blank lines
/// between are allowed) is an HTML comment naming its kind, invisible on GitHub:
/// <code>
/// &lt;!-- readme-test: KIND [ARGUMENT] --&gt;
/// </code>
/// Kinds:
/// <list type="bullet">
/// <item><c>config FILE</c>: a complete configuration; it must equal the repository's FILE (JSON
/// compared as data) and load with <see cref="GeoDnsConfiguration.Load"/> without warnings.</item>
/// <item><c>config-fragment</c>: top-level members (<c>"Geo": { ... }</c>) merged into the shipped
/// geodns.json; the result must load without errors or unknown-key warnings (a Geo:Database that
/// does not exist here is replaced by a database built from geo/sample-networks.csv).</item>
/// <item><c>zone ORIGIN</c>: master-file lines, loaded under a minimal SOA/NS header for ORIGIN
/// with the shipped topology: no errors (so $REGION names must be regions of geodns.json).</item>
/// <item><c>transcript</c>: <c>$ command</c> lines, each followed by its expected output. <c>dig</c>
/// is replayed against the real server on loopback (<see cref="DigCommand"/>) serving the shipped
/// geodns.json and zones/; <c>geodns serve --Key=Value</c> restarts that server with those
/// overrides; any other <c>geodns</c> command runs in-process with the shipped geodns.json, in a
/// copy of the repository's geodns.json, zones/ and geo/, and must exit 0. A <c>...</c> output line
/// matches any number of lines; whitespace runs compare equal.</item>
/// <item><c>curl</c>: every curl command is sent (method, headers, body, path) to a real server's
/// admin API with a token, and must succeed (2xx); other lines are not run.</item>
/// <item><c>shell</c>: install commands. Every repository path they name exists, every
/// <c>--Key=Value</c> is a known configuration key with a valid value, every <c>geodns</c>
/// invocation names a real command, and <c>geodns healthcheck</c> is run against a real server.</item>
/// <item><c>usage</c>: the command synopsis: each command's <c>--help</c> works and lists the options shown.</item>
/// <item><c>unit</c>: an excerpt of deploy/systemd/geodns.service: every Key=Value line is in the unit file.</item>
/// <item><c>layout</c>: each line starts with a path that exists in the repository.</item>
/// <item><c>promql</c>: every <c>geodns_*</c> metric it names is exported by a real server (ReadmeTests.Metrics.cs).</item>
/// <item><c>querylog</c>: a query log line; it has the fields, nested and typed, of the line a real server writes.</item>
/// <item><c>log</c>: a sample of the serve log: the format of the console template, and the zone and topology lines
/// say what loading the shipped configuration and zones says.</item>
/// </list>
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string[] Kinds = ["config", "config-fragment", "zone", "transcript", "curl", "shell", "usage", "unit", "layout", "log", "policy", "policy-failures", "promql", "querylog"];

    private static string Root => DeployFiles.Root;

    private static ReadmeBlock Block(int line) => ReadmeBlock.All().Single(b => b.Line == line);

    private static TheoryData<int> Lines(string kind)
    {
        var data = new TheoryData<int>();
        foreach (var block in ReadmeBlock.All().Where(b => b.Kind == kind)) data.Add(block.Line);
        return data;
    }

    public static TheoryData<int> ConfigBlocks() => Lines("config");
    public static TheoryData<int> FragmentBlocks() => Lines("config-fragment");
    public static TheoryData<int> ZoneBlocks() => Lines("zone");
    public static TheoryData<int> TranscriptBlocks() => Lines("transcript");
    public static TheoryData<int> CurlBlocks() => Lines("curl");
    public static TheoryData<int> ShellBlocks() => Lines("shell");
    public static TheoryData<int> UsageBlocks() => Lines("usage");
    public static TheoryData<int> UnitBlocks() => Lines("unit");
    public static TheoryData<int> LayoutBlocks() => Lines("layout");
    public static TheoryData<int> LogBlocks() => Lines("log");

    [Fact]
    public void Every_code_block_says_what_it_is()
    {
        var blocks = ReadmeBlock.All();

        Assert.True(blocks.Count >= 20, $"only {blocks.Count} code blocks found");
        var unmarked = blocks.Where(b => !Kinds.Contains(b.Kind)).Select(b => $"README.md:{b.Line} '{b.Kind}'").ToList();
        Assert.True(unmarked.Count == 0, "blocks without a known <!-- readme-test: KIND --> comment: " + string.Join(", ", unmarked));
        // The parser finds the blocks this test is about: each kind used at least once.
        foreach (string kind in new[] { "config", "config-fragment", "zone", "transcript", "curl", "shell" })
            Assert.Contains(blocks, b => b.Kind == kind);
    }

    [Fact]
    public void Every_link_to_a_section_finds_its_heading()
    {
        string[] lines = File.ReadAllLines(ReadmeBlock.ReadmePath);
        // GitHub's anchors: the heading text lower-cased, punctuation other than '-' dropped, spaces as '-'.
        var anchors = lines.Where(l => l.StartsWith('#'))
            .Select(l => Regex.Replace(l.TrimStart('#').Trim().ToLowerInvariant(), @"[^\w\- ]", "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);
        var links = lines.SelectMany(l => Regex.Matches(l, @"\]\(#([^)]+)\)").Select(m => m.Groups[1].Value)).ToList();

        Assert.NotEmpty(links);
        foreach (string link in links) Assert.True(anchors.Contains(link), $"(#{link}) has no heading");
    }

    [Theory]
    [MemberData(nameof(ConfigBlocks))]
    public void Config_blocks_are_the_shipped_file_and_load(int line)
    {
        var block = Block(line);
        string file = Path.Combine(Root, block.Argument);
        Assert.True(File.Exists(file), $"{block}: names {block.Argument}, which does not exist");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(block.Text), JsonNode.Parse(File.ReadAllText(file))), $"{block} differs from {block.Argument}");
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", block.Text), readEnvironment: false);
        Assert.Empty(configuration.Warnings);
    }

    [Theory]
    [MemberData(nameof(FragmentBlocks))]
    public void Config_fragments_load_into_the_shipped_configuration(int line)
    {
        var block = Block(line);
        var fragment = JsonNode.Parse("{" + block.Text + "}")!.AsObject();
        var merged = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "geodns.json")))!.AsObject();
        Merge(merged, fragment);
        using var dir = new TempDirectory();
        if (merged["Geo"]?["Database"]?.GetValue<string>() is { } database && !File.Exists(database))
        {
            string mmdb = Path.Combine(dir.Path, "test.mmdb");
            using var sink = new StringWriter();
            Assert.Equal(0, MmdbBuildCommand.Run(Path.Combine(Root, "geo", "sample-networks.csv"), mmdb, null, sink, sink));
            merged["Geo"]!["Database"] = mmdb;
        }

        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", merged.ToJsonString()), readEnvironment: false);

        Assert.Empty(configuration.Warnings);
        // What the fragment sets is in force (a spot check of each section it names).
        if (fragment["Health"] is JsonObject health)
            Assert.Equal(health["Regions"]?.AsObject().Count ?? 0, configuration.Health.Regions.Count);
        if (fragment["Geo"] is JsonObject geo && geo["Regions"] is JsonObject regions)
            Assert.Equal(regions.Count, configuration.Geo.Topology.RegionNames.Count);
        if (fragment["Geo"]?["Database"] is not null) Assert.NotNull(configuration.Geo.Database);
    }

    [Theory]
    [MemberData(nameof(ZoneBlocks))]
    public void Zone_excerpts_load_with_the_shipped_topology(int line)
    {
        var block = Block(line);
        string origin = block.Argument;
        Assert.EndsWith(".", origin, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        dir.Write($"zones/{origin}zone", $"$ORIGIN {origin}\n$TTL 1h\n@ IN SOA ns1 hostmaster ( 1 1h 10m 14d 5m )\n@ IN NS ns1\nns1 IN A 192.0.2.53\n{block.Text}\n");
        var configuration = GeoDnsConfiguration.Load(Path.Combine(Root, "geodns.json"), readEnvironment: false);

        var result = ZoneDirectory.Load(Path.Combine(dir.Path, "zones"), configuration.Geo.ZoneLoadOptions)!;

        var loaded = Assert.Single(result.Results);
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Assert.NotEmpty(loaded.Zone!.RegionNames);
    }

    [Theory]
    [MemberData(nameof(TranscriptBlocks))]
    public async Task Transcripts_replay(int line)
    {
        var block = Block(line);
        await using var workspace = new Workspace();
        var steps = Steps(block);
        Assert.NotEmpty(steps);
        foreach (var (command, expected) in steps)
        {
            List<string> actual;
            if (command.StartsWith("dig ", StringComparison.Ordinal))
                actual = await DigCommand.Parse(command).RunAsync(await workspace.ServerAsync());
            else if (command.StartsWith("geodns ", StringComparison.Ordinal))
                actual = await workspace.GeodnsAsync(Words(command)[1..]);
            else
                throw new Xunit.Sdk.XunitException($"{block}: cannot replay '{command}'");
            AssertOutput(expected, actual, $"{block}: $ {command}");
        }
    }

    [Theory]
    [MemberData(nameof(CurlBlocks))]
    public async Task Curl_examples_succeed_against_the_admin_api(int line)
    {
        var block = Block(line);
        const string token = "readme-token";
        await using var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: SampleGeo.Section(),
            admin: new JsonObject { ["Listen"] = "127.0.0.1:0", ["Token"] = token });
        var admin = server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;
        using var http = new HttpClient { Timeout = DnsSockets.Patience };

        int sent = 0;
        foreach (string command in Commands(block.Text).Where(c => c.StartsWith("curl ", StringComparison.Ordinal)))
        {
            var words = Words(command);
            var method = HttpMethod.Get;
            string? body = null, url = null;
            var headers = new List<(string, string)>();
            for (int i = 1; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-X": method = new HttpMethod(words[++i]); break;
                    case "-H":
                        string[] header = words[++i].Split(':', 2);
                        headers.Add((header[0].Trim(), header[1].Trim()));
                        break;
                    case "-d": body = words[++i]; break;
                    case "-o" or "-w": i++; break;
                    case "-s": break;
                    default:
                        Assert.StartsWith("http://127.0.0.1:8053/", words[i], StringComparison.Ordinal);
                        url = words[i];
                        break;
                }
            }
            Assert.True(url is not null, $"{block}: no URL in {command}");
            using var request = new HttpRequestMessage(method, url!.Replace("127.0.0.1:8053", admin.ToString(), StringComparison.Ordinal));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8);
            foreach (var (name, value) in headers)
            {
                string resolved = value.Replace("$TOKEN", token, StringComparison.Ordinal);
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(resolved);
                else request.Headers.TryAddWithoutValidation(name, resolved);
            }

            using var response = await http.SendAsync(request);

            Assert.True(response.IsSuccessStatusCode, $"{block}: {method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            sent++;
        }
        Assert.True(sent > 0, $"{block}: no curl command");
    }

    [Theory]
    [MemberData(nameof(ShellBlocks))]
    public async Task Shell_blocks_name_existing_paths_keys_and_commands(int line)
    {
        var block = Block(line);
        int checks = 0;
        foreach (string command in Commands(block.Text))
        {
            var words = Words(command);
            var overrides = new List<string>();
            for (int i = 0; i < words.Count; i++)
            {
                string word = words[i];
                if (RepositoryPath().IsMatch(word))
                {
                    Assert.True(Path.Exists(Path.Combine(Root, word)), $"{block}: {word} does not exist in the repository");
                    checks++;
                }
                if (ConfigOverride().IsMatch(word)) overrides.Add(word);
                if (IsInvocation(words, i) && i + 1 < words.Count)
                {
                    Assert.True(new[] { "serve", "check", "explain", "mmdb", "healthcheck", "--version", "--config" }.Contains(words[i + 1]),
                        $"{block}: '{words[i + 1]}' is not a geodns command: {command}");
                    checks++;
                    if (words[i + 1] == "healthcheck") await RunHealthcheckAsync(block, words[(i + 2)..]);
                }
            }
            if (overrides.Count > 0)
            {
                var configuration = GeoDnsConfiguration.Load(Path.Combine(Root, "geodns.json"), overrides, readEnvironment: false);
                Assert.Empty(configuration.Warnings);
                checks++;
            }
        }
        Assert.True(checks > 0, $"{block}: nothing in it could be checked");
    }

    /// <summary>
    /// A '[' in an unquoted word is a glob: zsh stops with "no matches found" (--Listen=...,[2001:db8::53]:53),
    /// bash passes it on only while no file matches. Words like [ and [[ (the test command) are not globs.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShellBlocks))]
    public void Shell_blocks_quote_words_with_brackets(int line)
    {
        var block = Block(line);
        foreach (string command in Commands(block.Text))
        {
            char quote = '\0';
            var word = new StringBuilder();
            bool glob = false;
            foreach (char c in command + " ")
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; word.Append(c); continue; }
                if (c is '\'' or '"') { quote = c; word.Append(c); continue; }
                if (char.IsWhiteSpace(c))
                {
                    Assert.False(glob && word.ToString() is not ("[" or "[[" or "]" or "]]"), $"{block}: quote '{word}' (an unquoted [ is a glob): {command}");
                    word.Clear();
                    glob = false;
                    continue;
                }
                if (c == '[') glob = true;
                word.Append(c);
            }
        }
    }

    [Theory]
    [MemberData(nameof(UsageBlocks))]
    public async Task Usage_lines_are_real_commands_with_those_options(int line)
    {
        foreach (string usage in Block(line).Lines)
        {
            var words = Words(usage);
            Assert.Equal("geodns", words[0]);
            var command = words.Skip(1).TakeWhile(w => Regex.IsMatch(w, "^\\[?[a-z]+\\]?$")).Select(w => w.Trim('[', ']')).ToList();
            var options = Regex.Matches(usage, @"--[a-z]+\b(?!=)").Select(m => m.Value).Where(o => o != "--Key").ToList();
            if (command.Count == 0 && options.SequenceEqual(["--version"]))
            {
                var (versionExit, versionOutput, _) = await CliRunner.RunAsync("--version");
                Assert.Equal(0, versionExit);
                Assert.StartsWith("geodns ", versionOutput, StringComparison.Ordinal);
                continue;
            }

            var (exit, output, error) = await CliRunner.RunAsync([.. command, "--help"]);

            Assert.True(exit == 0, $"{usage}: {error}");
            foreach (string option in options) Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(UnitBlocks))]
    public void Unit_excerpts_are_in_the_unit_file(int line)
    {
        var unit = SystemdUnitTests.Parse(File.ReadAllText(DeployFiles.PathOf("deploy/systemd/geodns.service")));
        var excerpt = SystemdUnitTests.Parse(Block(line).Text);

        Assert.NotEmpty(excerpt);
        foreach (var (section, entries) in excerpt)
        {
            Assert.True(unit.ContainsKey(section), $"[{section}] is not in the unit file");
            foreach (var entry in entries) Assert.Contains(entry, unit[section]);
        }
    }

    [Theory]
    [MemberData(nameof(LayoutBlocks))]
    public void Layout_paths_exist(int line)
    {
        foreach (string entry in Block(line).Lines)
        {
            string[] parts = entry.Split(' ', 2);
            string path = parts[0];
            Assert.True(Path.Exists(Path.Combine(Root, path)), $"{path} does not exist");
            if (parts.Length < 2 || !Directory.Exists(Path.Combine(Root, path))) continue;
            // The folders a description names ("Admin/ (HTTP API), Cli/, ...") exist below it.
            foreach (Match folder in Regex.Matches(parts[1], @"\b([A-Z][A-Za-z]+)/"))
            {
                string name = folder.Groups[1].Value;
                Assert.True(Directory.EnumerateDirectories(Path.Combine(Root, path), name, SearchOption.AllDirectories).Any(),
                    $"{path}: the layout names {name}/, which is not a folder there");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LogBlocks))]
    public void Log_samples_have_the_console_format_and_the_shipped_numbers(int line)
    {
        var configuration = GeoDnsConfiguration.Load(Path.Combine(Root, "geodns.json"), readEnvironment: false);
        var zones = ZoneDirectory.Load(configuration.ZonesDirectory, configuration.Geo.ZoneLoadOptions)!;
        Assert.Equal("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", SerilogSetup.ConsoleTemplate);
        int zoneLines = 0;
        foreach (string entry in Block(line).Lines)
        {
            var match = Regex.Match(entry, @"^\d\d:\d\d:\d\d (INF|WRN|ERR) (?<message>.+)$");
            Assert.True(match.Success, $"not a console log line: {entry}");
            string message = match.Groups["message"].Value;
            if (message.StartsWith("Geo topology: ", StringComparison.Ordinal))
                Assert.Equal("Geo topology: " + GeoSummary.Describe(configuration.Geo), message);
            var zone = Regex.Match(message, @"^Zone (?<name>\S+) serial (?<serial>\d+): (?<records>\d+) records from zones/(?<file>\S+)$");
            if (!zone.Success) continue;
            var loaded = zones.Results.Single(r => r.Zone?.Name == zone.Groups["name"].Value).Zone!;
            Assert.Equal(uint.Parse(zone.Groups["serial"].Value, CultureInfo.InvariantCulture), loaded.Serial);
            Assert.Equal(int.Parse(zone.Groups["records"].Value, CultureInfo.InvariantCulture), loaded.RecordCount);
            Assert.True(File.Exists(Path.Combine(Root, "zones", zone.Groups["file"].Value)));
            zoneLines++;
        }
        Assert.Equal(zones.Results.Count, zoneLines);
    }

    /// <summary>
    /// Is words[index] the geodns executable being run: a path ending in /geodns (not the output
    /// directory of <c>-o</c>), or the image name, the last bare "geodns", of <c>docker run</c>?
    /// </summary>
    private static bool IsInvocation(List<string> words, int index)
    {
        string name = DeployFiles.AssemblyName();
        string word = words[index];
        if (word.EndsWith("/" + name, StringComparison.Ordinal))
            return !word.StartsWith("src/", StringComparison.Ordinal) && !word.Contains(':', StringComparison.Ordinal) && (index == 0 || words[index - 1] is not ("-o" or "-s")); // publish -o DIR, ln -s TARGET
        return word == name && words.Count > 2 && words[0] == "docker" && words[1] == "run" && words.LastIndexOf(name) == index;
    }

    private static async Task RunHealthcheckAsync(ReadmeBlock block, IReadOnlyList<string> arguments)
    {
        await using var server = await TestServer.StartAsync();
        var admin = server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;
        var args = arguments.Select(a => a.Replace("127.0.0.1:8053", admin.ToString(), StringComparison.Ordinal)).ToArray();
        // The README's --timeout must be a valid duration; the run itself gets the tests' patience
        // (a cold first HTTP request on a loaded test machine can take longer than an operator's 1 s).
        int timeout = Array.IndexOf(args, "--timeout");
        if (timeout >= 0)
        {
            Assert.True(Duration.TryParse(args[timeout + 1], out _), $"{block}: --timeout {args[timeout + 1]}");
            args[timeout + 1] = $"{DnsSockets.Patience.TotalSeconds}s";
        }

        var (exit, output, error) = await CliRunner.RunAsync(["healthcheck", .. args]);

        Assert.True(exit == ExitCodes.Ok, $"{block}: geodns healthcheck {string.Join(' ', arguments)}: {error}");
        Assert.Contains("healthy", output, StringComparison.Ordinal);
    }

    /// <summary>The transcript's commands and the output lines after each.</summary>
    private static List<(string Command, List<string> Output)> Steps(ReadmeBlock block)
    {
        var steps = new List<(string, List<string>)>();
        foreach (string entry in block.Lines)
        {
            if (entry.StartsWith("$ ", StringComparison.Ordinal)) steps.Add((entry[2..].Trim(), []));
            else
            {
                Assert.True(steps.Count > 0, $"{block}: output before the first $ command");
                steps[^1].Item2.Add(entry);
            }
        }
        return steps;
    }

    /// <summary>Lines equal after collapsing whitespace; "..." matches any number of lines.</summary>
    private static void AssertOutput(List<string> expected, List<string> actual, string what)
    {
        static string Normal(string s) => Regex.Replace(s.Trim(), @"\s+", " ");
        var want = expected.Select(Normal).ToList();
        var got = actual.Select(Normal).Where(l => l.Length > 0).ToList();
        Assert.True(Matches(want, 0, got, 0), $"{what}\nexpected:\n  {string.Join("\n  ", want)}\ngot:\n  {string.Join("\n  ", got)}");
    }

    private static bool Matches(List<string> want, int w, List<string> got, int g)
    {
        if (w == want.Count) return g == got.Count;
        if (want[w] == "...")
        {
            for (int skip = g; skip <= got.Count; skip++)
                if (Matches(want, w + 1, got, skip)) return true;
            return false;
        }
        return g < got.Count && want[w] == got[g] && Matches(want, w + 1, got, g + 1);
    }

    /// <summary>Commands of a shell block: comments dropped, continuation lines joined, "a &amp;&amp; b" and "a; b" split.</summary>
    private static List<string> Commands(string text)
    {
        var commands = new List<string>();
        string pending = "";
        foreach (string raw in text.Split('\n'))
        {
            string entry = raw.Trim();
            if (pending.Length == 0 && (entry.Length == 0 || entry.StartsWith('#'))) continue;
            if (entry.EndsWith('\\'))
            {
                pending += entry[..^1] + " ";
                continue;
            }
            string full = pending + entry;
            pending = "";
            int comment = full.IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0 && !full[..comment].Contains('\'', StringComparison.Ordinal)) full = full[..comment];
            foreach (string part in Regex.Split(full, @"\s(?:&&|;)\s"))
            {
                string command = part.Trim().TrimEnd('&').Trim();
                if (command.StartsWith("sudo ", StringComparison.Ordinal)) command = command[5..];
                if (command.Length > 0) commands.Add(command);
            }
        }
        return commands;
    }

    /// <summary>Shell words: whitespace-separated, single and double quotes grouping (not expanded).</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        bool inWord = false;
        foreach (char c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing) Merge(existing, child);
            else target[key] = value?.DeepClone();
        }
    }

    [GeneratedRegex(@"^(src|deploy|zones|geo|tests|benchmarks)(/[\w.-]+)*/?$|^(geodns\.json|GeoDns\.sln|Dockerfile)$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^--[A-Z][A-Za-z]*(:[A-Za-z0-9]+)*=")]
    private static partial Regex ConfigOverride();

    /// <summary>A copy of geodns.json, zones/ and geo/ to run transcripts in, and the server their dig lines query.</summary>
    private sealed class Workspace : IAsyncDisposable
    {
        private readonly TempDirectory _directory = new();
        private readonly Dictionary<string, string?> _settings = [];
        private TestServer? _server;

        public Workspace()
        {
            File.Copy(Path.Combine(Root, "geodns.json"), ConfigFile);
            foreach (string folder in new[] { "zones", "geo" })
            {
                Directory.CreateDirectory(Path.Combine(_directory.Path, folder));
                foreach (string file in Directory.GetFiles(Path.Combine(Root, folder)))
                    File.Copy(file, Path.Combine(_directory.Path, folder, Path.GetFileName(file)));
            }
        }

        private string ConfigFile => Path.Combine(_directory.Path, "geodns.json");

        public async Task<TestServer> ServerAsync()
        {
            if (_server is null)
            {
                var geo = JsonNode.Parse(File.ReadAllText(ConfigFile))!["Geo"]!.DeepClone();
                _server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: geo, settings: _settings);
            }
            return _server;
        }

        /// <summary>Runs a geodns command here; "serve" instead sets the overrides of the server the next dig queries.</summary>
        public async Task<List<string>> GeodnsAsync(List<string> arguments)
        {
            var args = arguments.Select(Resolve).ToList();
            if (args.Count > 0 && args[0] == "serve")
            {
                foreach (string setting in args.Skip(1))
                {
                    Assert.Matches(ConfigOverride(), setting);
                    string[] pair = setting[2..].Split('=', 2);
                    _settings[pair[0]] = pair[1];
                }
                if (_server is not null) await _server.DisposeAsync();
                _server = null;
                return [];
            }
            if (args.Count > 0 && args[0] is "check" or "explain" && !args.Contains("--config")) args.AddRange(["--config", ConfigFile]);
            var (exit, output, error) = await CliRunner.RunAsync([.. args]);
            // The README shows commands that work: each exits 0.
            Assert.True(exit == ExitCodes.Ok, $"geodns {string.Join(' ', arguments)} exited {exit}: {error}");
            string prefix = _directory.Path + Path.DirectorySeparatorChar;
            return (output + error).Replace(prefix, "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        }

        /// <summary>A relative path to a file or folder of the workspace (also as a --Key=value value) made absolute.</summary>
        private string Resolve(string word)
        {
            int equals = word.StartsWith("--", StringComparison.Ordinal) ? word.IndexOf('=', StringComparison.Ordinal) : -1;
            string value = equals >= 0 ? word[(equals + 1)..] : word;
            string first = value.Split('/')[0];
            if (value.Length == 0 || Path.IsPathRooted(value) || !Path.Exists(Path.Combine(_directory.Path, first))) return word;
            string absolute = Path.Combine(_directory.Path, value);
            return equals >= 0 ? word[..(equals + 1)] + absolute : absolute;
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
            _directory.Dispose();
        }
    }
}
