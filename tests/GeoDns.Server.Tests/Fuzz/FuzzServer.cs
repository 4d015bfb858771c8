using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones.Loading;
using GeoDns.Fuzz.Generation;
using GeoDns.Server.Tests.Configuration;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Fuzz;

/// <summary>
/// The real server serving the shipped sample (geodns.json's Geo section, zones/) and the fuzz zone
/// (tests/GeoDns.Fuzz/zones: answers that reach every size limit), with an identity
/// (so NSID and CHAOS queries are answered) and every log line of warning and above collected.
/// Response rate limiting stays at its default, off: it would rightly drop replies to one client
/// sending this fast. Ends with <see cref="AssertWellAsync"/>: still answering, no error logged, no query failed.
/// </summary>
internal sealed class FuzzServer : IAsyncDisposable
{
    public const int MaxUdpPayload = 1232;

    private FuzzServer(TestServer server, LogCollector log)
    {
        Server = server;
        Log = log;
    }

    public TestServer Server { get; }
    public LogCollector Log { get; }

    public static string CorpusDirectory => Path.Combine(ConfigurationTests.RepositoryRoot(), "tests", "GeoDns.Fuzz", "corpus");

    /// <summary>The sample zones and tests/GeoDns.Fuzz/zones/fuzz.test.zone (large answers, CNAME chains, a delegation with much glue).</summary>
    public static Dictionary<string, string> Zones()
    {
        var zones = SampleGeo.Zones();
        string fuzz = Path.Combine(ConfigurationTests.RepositoryRoot(), "tests", "GeoDns.Fuzz", "zones", "fuzz.test.zone");
        zones[Path.GetFileName(fuzz)] = File.ReadAllText(fuzz);
        return zones;
    }

    /// <summary>The owner names and apexes of the zones served, read with the server's own loader.</summary>
    public static NameSet SampleNames()
    {
        var names = new List<string>();
        var apexes = new List<string>();
        foreach (var (file, text) in Zones())
        {
            var loaded = ZoneLoader.LoadText(text, file, new ZoneLoadOptions { Regions = ["us-east", "eu-west", "ap-south"] });
            Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
            apexes.Add(loaded.Zone!.Name);
            names.AddRange(loaded.Zone.RRsets.Select(s => DnsName.ToString(s.Owner)).Distinct());
        }
        return new NameSet(names, apexes);
    }

    /// <param name="udpReceiveMode">the listeners' <c>UdpReceiveMode</c> (Blocking or Async).</param>
    /// <param name="ipv6">also listen on the IPv6 loopback (when the host has one).</param>
    public static async Task<FuzzServer> StartAsync(string udpReceiveMode = "Blocking", bool ipv6 = false)
    {
        var log = new LogCollector();
        var server = await TestServer.StartAsync(
            zones: Zones(),
            geo: SampleGeo.Section(),
            settings: new Dictionary<string, string?>
            {
                ["Identity"] = "fuzz.test",
                ["Version"] = "fuzz",
                ["MaxUdpPayload"] = MaxUdpPayload.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["UdpReceiveMode"] = udpReceiveMode,
            },
            ipv6: ipv6,
            configureServices: services => services.AddSingleton<ILoggerFactory>(log));
        return new FuzzServer(server, log);
    }

    /// <summary>A normal query still gets its answer over UDP and TCP; no query failed in the processor; nothing was logged at Error or above.</summary>
    public async Task AssertWellAsync()
    {
        using var udp = DnsSockets.UdpClient(Server.Udp4);
        var (udpReply, _) = DnsSockets.UdpExchange(udp, Server.Udp4, EcsWire.Query(0x5EED, "api.example.com.", 1, null));
        Assert.Equal(["192.0.2.80", "192.0.2.81"], EcsWire.Addresses(EcsWire.Parse(udpReply)).Order(StringComparer.Ordinal));

        using var tcp = await DnsSockets.TcpConnectAsync(Server.Tcp4);
        byte[] tcpReply = await DnsSockets.ExchangeFramedAsync(tcp, EcsWire.Query(0x5EEE, "api.example.com.", 1, null));
        Assert.Equal(0x5EEE, DnsWire.Id(tcpReply));
        Assert.Equal(["192.0.2.80", "192.0.2.81"], EcsWire.Addresses(EcsWire.Parse(tcpReply)).Order(StringComparer.Ordinal));

        Assert.Equal(0, Server.Host.Services.GetRequiredService<QueryProcessor>().FailureCount);
        Assert.True(Log.Errors.Count == 0, "errors logged:\n" + string.Join("\n", Log.Errors.Take(20)));
        // The collector is the server's logger: it holds the start's warning about the admin API's missing token.
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Admin:Token", StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
