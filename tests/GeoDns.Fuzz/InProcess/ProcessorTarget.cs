using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Oracle;

namespace GeoDns.Fuzz.InProcess;

/// <summary>
/// The query pipeline in process, as the fuzz target of <c>--in-process</c>, <c>--libfuzzer</c> and the
/// Core tests: <see cref="QueryProcessor"/> over the sample zones (zones/) and the fuzz zone
/// (tests/GeoDns.Fuzz/zones) with the sample topology (geodns.json's Geo section), an identity (NSID,
/// CHAOS) and a 1232-byte EDNS maximum. <see cref="Run"/> checks one message with the same oracle as
/// the network runners. One target per thread.
/// </summary>
internal sealed class ProcessorTarget
{
    public const int MaxUdpPayload = 1232;

    /// <summary>Clients: loopback (the default order), one in eu-west by CIDR rule, one in ap-south over IPv6; over UDP and TCP.</summary>
    private static readonly QueryContext[] Clients =
    [
        QueryContext.From(Transport.Udp, IPAddress.Loopback),
        QueryContext.From(Transport.Udp, IPAddress.Parse("198.51.100.7")),
        QueryContext.From(Transport.Udp, IPAddress.Parse("2001:db8:3::1")),
        QueryContext.From(Transport.Tcp, IPAddress.Loopback),
        QueryContext.From(Transport.Tcp, IPAddress.Parse("203.0.113.9")),
    ];

    private readonly QueryScratch _scratch = new();
    private readonly byte[] _response = new byte[65535];
    private readonly ReplyCheck _check;

    /// <param name="repositoryRoot">where zones/ and tests/GeoDns.Fuzz/zones are.</param>
    /// <param name="oracleMaxUdpPayload">the maximum the oracle holds the server to (default: the one it has; the tests set less to see a violation).</param>
    public ProcessorTarget(string repositoryRoot, int oracleMaxUdpPayload = MaxUdpPayload)
    {
        _check = new ReplyCheck(oracleMaxUdpPayload);
        var topology = GeoTopology.Build(new GeoOptions
        {
            Regions = new(StringComparer.Ordinal)
            {
                ["eu-west"] = new RegionOptions { Location = [53.35, -6.26] },
                ["us-east"] = new RegionOptions { Location = [39.04, -77.49] },
                ["ap-south"] = new RegionOptions { Location = [19.08, 72.88] },
            },
            Networks = new(StringComparer.Ordinal)
            {
                ["192.0.2.0/24"] = ["us-east", "eu-west"],
                ["198.51.100.0/24"] = ["eu-west", "us-east"],
                ["203.0.113.0/24"] = ["ap-south"],
                ["2001:db8:1::/48"] = ["eu-west"],
                ["2001:db8:2::/48"] = ["us-east"],
                ["2001:db8:3::/48"] = ["ap-south"],
            },
            DefaultOrder = ["us-east", "eu-west", "ap-south"],
        }, null);
        var zones = new List<Zone>();
        string[] files =
        [
            .. Directory.GetFiles(Path.Combine(repositoryRoot, "zones"), "*.zone"),
            .. Directory.GetFiles(Path.Combine(repositoryRoot, "tests", "GeoDns.Fuzz", "zones"), "*.zone"),
        ];
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            ZoneLoadResult loaded = ZoneLoader.LoadText(File.ReadAllText(file), Path.GetFileName(file), new ZoneLoadOptions { Regions = topology.RegionNames });
            if (!loaded.Success) throw new InvalidOperationException($"{file}: {string.Join("; ", loaded.Diagnostics)}");
            zones.Add(loaded.Zone!);
        }
        Names = new NameSet(zones.SelectMany(z => z.RRsets.Select(s => DnsName.ToString(s.Owner))).Distinct(), zones.Select(z => z.Name));
        Processor = new QueryProcessor(
            new ServingState(new ServingSnapshot(topology, HealthSnapshot.AllUp, new ZoneSet(zones))),
            new ProtocolOptions { Identity = "fuzz.test", Version = "fuzz", MaxUdpPayload = MaxUdpPayload });
    }

    public NameSet Names { get; }
    public QueryProcessor Processor { get; }

    /// <summary>How many clients (address and transport) <see cref="Run"/> takes turns with.</summary>
    public static int ClientCount => Clients.Length;

    /// <summary>The reply of the last <see cref="Run"/> (empty when there was none).</summary>
    public ReadOnlySpan<byte> LastReply => _response.AsSpan(0, LastLength);

    public int LastLength { get; private set; }

    public bool LastOverUdp { get; private set; }

    /// <summary>
    /// Processes <paramref name="message"/> as client <paramref name="client"/> (modulo <see cref="ClientCount"/>) and checks the
    /// reply; null when all is right, else what is wrong. Process throwing, or failing a query, is wrong too.
    /// </summary>
    public string? Run(ReadOnlySpan<byte> message, Expectation expect, int client)
    {
        QueryContext context = Clients[(client & int.MaxValue) % Clients.Length];
        LastOverUdp = context.Transport == Transport.Udp;
        long failures = Processor.FailureCount;
        try
        {
            LastLength = Processor.Process(message, _response, context, _scratch);
        }
        catch (Exception ex)
        {
            LastLength = 0;
            return $"Process threw {ex}";
        }
        if (Processor.FailureCount != failures) return "the query failed in the processor (SERVFAIL from an exception)";
        if (LastLength == 0)
        {
            return expect != Expectation.Any && !ReplyCheck.MustNotBeAnswered(message) ? "no reply" : null;
        }
        return _check.Check(message, LastReply, LastOverUdp, expect);
    }

    /// <summary>The full RCODE of the last reply (-1: none, or it does not parse).</summary>
    public int LastRcode => LastLength == 0 ? -1 : _check.Rcode(LastReply);

    /// <summary>The repository root: the first folder holding GeoDns.sln above the current directory or this program.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GeoDns.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("GeoDns.sln not found above the current directory or " + AppContext.BaseDirectory);
    }
}
