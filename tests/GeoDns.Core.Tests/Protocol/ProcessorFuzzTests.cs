using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Network;
using GeoDns.Fuzz.Oracle;
using Xunit.Abstractions;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// The fuzzer of tests/GeoDns.Fuzz straight into <see cref="QueryProcessor.Process"/>, serving the
/// shipped sample zones (zones/) and the fuzz zone (tests/GeoDns.Fuzz/zones: answers that reach
/// every size limit) with the sample topology: a million messages in all, over UDP and
/// TCP contexts and clients of each region. Process never throws, never fails a query (SERVFAIL
/// from an exception), and every reply obeys what the outside fuzzer checks (see FuzzTests in the
/// server tests). A failure names its seed and case.
/// </summary>
public sealed class ProcessorFuzzTests(ITestOutputHelper output)
{
    private const int MaxUdpPayload = 1232;
    private const int PerSeed = 250_000;

    /// <summary>Clients: loopback (the default order), one in eu-west by CIDR rule, one in ap-south over IPv6.</summary>
    private static readonly QueryContext[] Clients =
    [
        QueryContext.From(Transport.Udp, IPAddress.Loopback),
        QueryContext.From(Transport.Udp, IPAddress.Parse("198.51.100.7")),
        QueryContext.From(Transport.Udp, IPAddress.Parse("2001:db8:3::1")),
        QueryContext.From(Transport.Tcp, IPAddress.Loopback),
        QueryContext.From(Transport.Tcp, IPAddress.Parse("203.0.113.9")),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_quarter_million_generated_messages_break_no_rule(int seed)
    {
        var sample = Sample.Instance;
        var generator = new QueryGenerator(seed, sample.Names);

        FuzzReport report = Run(sample.Processor, Enumerable.Range(0, PerSeed).Select(i => generator.Generate(i)));

        output.WriteLine(report.Summary());
        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(PerSeed, report.Sent);
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        Assert.True(report.RcodeCount(RCode.NoError) > 0 && report.RcodeCount(RCode.FormErr) > 0 && report.RcodeCount(RCode.NxDomain) > 0, report.Rcodes());
        Assert.True(report.LargeUdpReplies > 0 && report.Truncated > 0, report.Summary()); // the size rules were reached
        Assert.Equal(0, sample.Processor.FailureCount);
    }

    [Fact]
    public void The_kept_corpus_breaks_no_rule()
    {
        var cases = Corpus.Load(Path.Combine(Sample.RepositoryRoot(), "tests", "GeoDns.Fuzz", "corpus"));
        Assert.NotEmpty(cases);

        FuzzReport report = Run(Sample.Instance.Processor, cases);

        Assert.True(report.ViolationCount == 0, report.Details());
        Assert.Equal(report.ValidSent, report.ValidAnswered);
        Assert.Equal(0, Sample.Instance.Processor.FailureCount);
    }

    private static FuzzReport Run(QueryProcessor processor, IEnumerable<FuzzCase> cases)
    {
        var report = new FuzzReport();
        var check = new ReplyCheck(MaxUdpPayload);
        var scratch = new QueryScratch();
        var response = new byte[65535];
        int i = 0;
        foreach (FuzzCase fuzzCase in cases)
        {
            QueryContext context = Clients[i++ % Clients.Length];
            bool udp = context.Transport == Transport.Udp;
            report.CountSent(fuzzCase.Expect == Expectation.Answer);
            int length;
            try
            {
                length = processor.Process(fuzzCase.Message, response, context, scratch);
            }
            catch (Exception ex)
            {
                report.Add(new Violation(fuzzCase, $"Process threw {ex}", Transport: context.Transport.ToString()));
                continue;
            }
            if (length == 0)
            {
                if (fuzzCase.Expect != Expectation.Any) report.Add(new Violation(fuzzCase, "no reply", Transport: context.Transport.ToString()));
                continue;
            }
            ReadOnlySpan<byte> reply = response.AsSpan(0, length);
            report.CountReply(check.Rcode(reply));
            report.CountShape(reply, udp);
            if (fuzzCase.Expect == Expectation.Answer) report.CountValidAnswered();
            string? problem = check.Check(fuzzCase.Message, reply, udp, fuzzCase.Expect);
            if (problem is not null) report.Add(new Violation(fuzzCase, problem, reply.ToArray(), context.Transport.ToString()));
        }
        return report;
    }

    /// <summary>The shipped zones, the fuzz zone and the shipped Geo section's topology, behind one processor (NSID and CHAOS on).</summary>
    private sealed class Sample
    {
        public static Sample Instance { get; } = new();

        private Sample()
        {
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
                .. Directory.GetFiles(Path.Combine(RepositoryRoot(), "zones"), "*.zone"),
                Path.Combine(RepositoryRoot(), "tests", "GeoDns.Fuzz", "zones", "fuzz.test.zone"),
            ];
            foreach (string file in files)
            {
                ZoneLoadResult loaded = ZoneLoader.LoadText(File.ReadAllText(file), Path.GetFileName(file), new ZoneLoadOptions { Regions = topology.RegionNames });
                Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
                zones.Add(loaded.Zone!);
            }
            Names = new NameSet(zones.SelectMany(z => z.RRsets.Select(s => DnsName.ToString(s.Owner))).Distinct(), zones.Select(z => z.Name));
            Processor = new QueryProcessor(
                new ServingState(new ServingSnapshot(topology, HealthSnapshot.AllUp, new ZoneSet(zones))),
                new ProtocolOptions { Identity = "fuzz.test", Version = "fuzz", MaxUdpPayload = MaxUdpPayload });
        }

        public NameSet Names { get; }
        public QueryProcessor Processor { get; }

        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GeoDns.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("GeoDns.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
