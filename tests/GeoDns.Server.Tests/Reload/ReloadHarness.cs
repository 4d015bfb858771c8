using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net.Dns;
using GeoDns.Server.Admin;
using GeoDns.Server.Reload;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Reload;

/// <summary>
/// A real server (<see cref="TestServer"/>) whose zone files, config file and GeoIP database the
/// test edits while it runs, with the admin API, the reload service and helpers that wait (with
/// polling, never a timed assertion) until a change shows.
/// </summary>
internal sealed class ReloadHarness : IAsyncDisposable
{
    public const string Token = "reload-test-token";
    public static readonly TimeSpan Patience = DnsSockets.Patience;

    private ReloadHarness(TestServer server, LogCapture<ReloadService> log)
    {
        Log = log;
        Server = server;
        Reload = server.Host.Services.GetRequiredService<ReloadService>();
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        Http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = Patience };
    }

    public TestServer Server { get; }

    /// <summary>What the reload service logged.</summary>
    public LogCapture<ReloadService> Log { get; }
    public ReloadService Reload { get; }
    public HttpClient Http { get; }
    public string ZonesDirectory => Path.Combine(Server.Directory.Path, "zones");
    public string ConfigFile => Path.Combine(Server.Directory.Path, "geodns.json");

    public static async Task<ReloadHarness> StartAsync(
        IReadOnlyDictionary<string, string>? zones = null,
        JsonObject? geo = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyDictionary<string, byte[]>? files = null,
        JsonObject? zonesSection = null)
    {
        var admin = new JsonObject { ["Listen"] = "127.0.0.1:0", ["Token"] = Token };
        var log = new LogCapture<ReloadService>();
        var server = await TestServer.StartAsync(
            configureServices: services => services.AddSingleton<ILogger<ReloadService>>(log),
            zones: zones ?? TwoRegionGeo.Zones(),
            geo: geo ?? TwoRegionGeo.Geo(),
            settings: settings,
            files: files,
            admin: admin,
            zonesSection: zonesSection);
        return new ReloadHarness(server, log);
    }

    /// <summary>Replaces a file the way editors and geoipupdate do: write a temporary file beside it, then rename it over.</summary>
    public static void Replace(string path, string text) => Replace(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void Replace(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    public void ReplaceZone(string file, string text) => Replace(Path.Combine(ZonesDirectory, file), text);

    /// <summary>The config file as JSON, changed by <paramref name="edit"/> and written back by rename.</summary>
    public void EditConfig(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(ConfigFile))!.AsObject();
        edit(root);
        Replace(ConfigFile, root.ToJsonString());
    }

    /// <summary>A query over UDP (or TCP) from 127.0.0.1, optionally with an ECS subnet.</summary>
    public DnsMessage Query(string name, RecordType type = RecordType.A, string? subnet = null, bool tcp = false)
    {
        byte[] query = EcsWire.Query(0x6a6a, name, (ushort)type, subnet);
        if (tcp)
        {
            using var socket = DnsSockets.TcpConnectAsync(Server.Tcp4).GetAwaiter().GetResult();
            return EcsWire.Parse(DnsSockets.ExchangeFramedAsync(socket, query).GetAwaiter().GetResult());
        }
        using var udp = DnsSockets.UdpClient(Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(udp, Server.Udp4, query);
        return EcsWire.Parse(reply);
    }

    public string[] Addresses(string name = "www.geo.test.", string? subnet = null, bool tcp = false) =>
        EcsWire.Addresses(Query(name, RecordType.A, subnet, tcp));

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or the patience runs out; returns whether it
    /// held and how long it took. The polling runs on a thread of its own, so a busy thread pool in
    /// the test process does not inflate the measured time.
    /// </summary>
    public static Task<(bool Held, TimeSpan Elapsed)> WaitAsync(Func<bool> condition, TimeSpan? patience = null)
    {
        var limit = patience ?? Patience;
        var result = new TaskCompletionSource<(bool, TimeSpan)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                while (true)
                {
                    if (condition())
                    {
                        result.SetResult((true, watch.Elapsed));
                        return;
                    }
                    if (watch.Elapsed > limit)
                    {
                        result.SetResult((false, watch.Elapsed));
                        return;
                    }
                    Thread.Sleep(2);
                }
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        })
        { IsBackground = true, Name = "reload test wait" };
        thread.Start();
        return result.Task;
    }

    /// <summary>Waits until www.geo.test answers exactly <paramref name="expected"/>; returns how long it took.</summary>
    public async Task<TimeSpan> WaitForAnswerAsync(string expected, string name = "www.geo.test.", string? subnet = null)
    {
        string[] last = [];
        var (held, elapsed) = await WaitAsync(() => (last = Addresses(name, subnet)).SequenceEqual([expected]));
        Assert.True(held, $"{name} never answered {expected} (last: {string.Join(", ", last)})");
        return elapsed;
    }

    public async Task<JsonObject> ZoneStatusAsync(string file)
    {
        var zones = JsonNode.Parse(await Http.GetStringAsync("v1/zones"))!["zones"]!.AsArray();
        return zones.Single(z => Path.GetFileName((string)z!["file"]!) == file)!.AsObject();
    }

    public async Task<(int Status, JsonObject Body)> PostReloadAsync(string? bearer = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/reload");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return ((int)response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
