using System.Text;
using BenchmarkDotNet.Attributes;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Resolution;
using GeoDns.Core.Telemetry;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Benchmarks;

/// <summary>
/// QueryProcessor.Process for static queries over a small zone: parse → lookup → write.
/// Must show 0 B allocated per query. The *_WriterOnly case replaces the lookup with a fixed
/// result to isolate the protocol layer. The Geo_* cases run with a real topology (CIDR rules, no
/// database) and a zone with <c>$REGION</c> data: a query with ECS gets a region-specific answer
/// and the ECS option echoed with its scope (must cost at most 1.5× A_Answer, 0 B).
/// The *_Recorded cases add what a listener's worker does after each query: count it in the
/// metrics counters (and time one in 16); *_Logged also copies it into the query log queue
/// (and takes it out again, which the writer thread does in the server): both must stay 0 B.
/// The *_Cookie cases carry a DNS COOKIE option (RFC 7873): a client cookie alone (a server cookie
/// is made: one SipHash-2-4), and a valid server cookie of ours (checked: one SipHash-2-4, echoed).
/// The *_RateLimited cases run with response rate limiting on (1000 replies a second per key) and
/// under the limit, so every reply is accounted (hash, compare-and-swap on its bucket) and sent:
/// the client address cycles through 1024 /24 netblocks whose buckets stay in cache, on a clock
/// running 1000× fast (each clock tick refills every bucket), to compare with the case without
/// (must cost at most 1.1× it, 0 B); *_RateLimited_ManyClients cycles through 8192 netblocks on the
/// real clock, a few hundred queries a second each, so most buckets come from memory, as with a
/// server's many real clients.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QueryBenchmarks
{
    private const string ZoneText = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS  ns1
                 IN NS  ns2
        ns1      IN A   192.0.2.53
        ns2      IN A   192.0.2.54
        www   60 IN A   192.0.2.80
        www   60 IN A   192.0.2.81
        sub      IN NS  ns.sub
        ns.sub   IN A   192.0.2.99
        geo   60 IN A   192.0.2.82
        $REGION eu
        geo   60 IN A   198.51.100.10
        geo   60 IN A   198.51.100.11
        $REGION us
        geo   60 IN A   203.0.113.10
        geo   60 IN A   203.0.113.11
        $REGION
        """;

    private readonly byte[] _response = new byte[65535];
    private readonly QueryScratch _scratch = new();
    private readonly QueryContext _context = new(Transport.Udp, 0x7F000001, false);
    private QueryProcessor _processor = null!;
    private QueryProcessor _writerOnly = null!;
    private byte[] _aQuery = null!;
    private byte[] _nxQuery = null!;
    private byte[] _referralQuery = null!;
    private byte[] _geoEcsQuery = null!;
    private byte[] _geoEcs6Query = null!;
    private byte[] _clientCookieQuery = null!;
    private byte[] _serverCookieQuery = null!;
    private readonly QueryRecorder _recorder = new(new QueryCounters());
    private readonly QueryRecorder _logRecorder = new(new QueryCounters(), new QueryLogQueue(8192));
    private readonly byte[] _name = new byte[DnsName.MaxLength];
    private int _untilSample = 1;
    private QueryProcessor _rateLimited = null!;
    private QueryProcessor _rateLimitedMany = null!;
    private uint _clientNetblock;
    private long _limited;

    [GlobalSetup(Target = nameof(A_Answer_WriterOnly))]
    public void SetupWriterOnly()
    {
        byte[] owner = Name("www.example.com.");
        var wwwA = new RRset(owner, RRType.A, RRClass.IN, 60, [0, 4, 192, 0, 2, 80, 0, 4, 192, 0, 2, 81], 2);
        _writerOnly = new QueryProcessor(new ServingState(ServingSnapshot.None with { Zones = ZoneSet.Empty }), new ProtocolOptions(), new FixedAnswer(wwwA));
        _aQuery = Query("wWw.example.COM.", RRType.A);
        Check(_writerOnly, _aQuery, RCode.NoError, expectAnswers: true);
    }

    [GlobalSetup(Targets = [nameof(A_Answer), nameof(NxDomain), nameof(Referral), nameof(Geo_Ecs_A), nameof(Geo_Ecs6_A),
        nameof(A_Answer_Recorded), nameof(Geo_Ecs_A_Recorded), nameof(A_Answer_Logged), nameof(Geo_Ecs_A_Logged),
        nameof(A_Answer_ClientCookie), nameof(A_Answer_Cookie),
        nameof(A_Answer_RateLimited), nameof(NxDomain_RateLimited), nameof(A_Answer_RateLimited_ManyClients)])]
    public void Setup()
    {
        GeoTopology topology = GeoTopology.Build(new GeoOptions
        {
            Regions = new(StringComparer.Ordinal)
            {
                ["eu"] = new RegionOptions { Location = [53.35, -6.26] },
                ["us"] = new RegionOptions { Location = [39.04, -77.49] },
                ["ap"] = new RegionOptions { Location = [19.08, 72.88] },
            },
            Networks = new(StringComparer.Ordinal)
            {
                ["10.1.0.0/16"] = ["eu"],
                ["10.2.0.0/16"] = ["us"],
                ["10.1.128.0/17"] = ["ap", "eu"],
                ["2001:db8:1::/48"] = ["eu"],
            },
            DefaultOrder = ["us", "eu", "ap"],
        }, null);
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone", new ZoneLoadOptions { Regions = topology.RegionNames });
        if (!loaded.Success || loaded.Zone is null)
            throw new InvalidOperationException("zone did not load: " + string.Join("; ", loaded.Diagnostics));
        var geo = new ServingState(new ServingSnapshot(topology, new HealthSnapshot([2]), new ZoneSet([loaded.Zone])));
        _processor = new QueryProcessor(geo, new ProtocolOptions());
        var limits = new RateLimitOptions { ResponsesPerSecond = RateLimitOptions.MaxRate, Window = 0 };
        _rateLimited = new QueryProcessor(geo, new ProtocolOptions(), new ResponseRateLimiter(limits, new FastClock()));
        _rateLimitedMany = new QueryProcessor(geo, new ProtocolOptions(), new ResponseRateLimiter(limits, TimeProvider.System));

        _aQuery = Query("wWw.example.COM.", RRType.A);
        _nxQuery = Query("nothing.example.com.", RRType.A);
        _referralQuery = Query("www.sub.example.com.", RRType.A);
        // ECS 10.1.2.0/24 (eu), ECS 2001:db8:1:ab00::/56 (eu): both get the eu records and a scope > 0.
        byte[] ecs4 = [0, 1, 24, 0, 10, 1, 2];
        byte[] ecs6 = [0, 2, 56, 0, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xab];
        _geoEcsQuery = Query("GEO.example.com.", RRType.A, ecs4);
        _geoEcs6Query = Query("geo.example.com.", RRType.A, ecs6);

        // A client cookie alone, then the cookie the server hands out for it, echoed (valid).
        byte[] client = [0x24, 0x64, 0xc4, 0xab, 0xcf, 0x10, 0xc9, 0x57];
        _clientCookieQuery = Query("www.example.com.", RRType.A, options: [0, 10, 0, 8, .. client]);
        int length = _processor.Process(_clientCookieQuery, _response, _context, _scratch);
        byte[] cookie = _response.AsSpan(length - 24, 24).ToArray();
        _serverCookieQuery = Query("www.example.com.", RRType.A, options: [0, 10, 0, 24, .. cookie]);
        _processor.Process(_serverCookieQuery, _response, _context, _scratch);
        if (!_scratch.Outcome.Cookie.Equals(CookieState.Valid) || !_response.AsSpan(length - 24, 24).SequenceEqual(cookie))
            throw new InvalidOperationException("the server cookie handed out is not valid when echoed");

        Check(_processor, _aQuery, RCode.NoError, expectAnswers: true);
        Check(_processor, _nxQuery, RCode.NxDomain, expectAnswers: false);
        Check(_processor, _referralQuery, RCode.NoError, expectAnswers: false);
        CheckGeo(_geoEcsQuery, ecs4, expectedScope: 17);
        CheckGeo(_geoEcs6Query, ecs6, expectedScope: 48);
    }

    /// <summary>The processor of the geo cases (after <see cref="Setup"/>), for other benchmarks.</summary>
    internal QueryProcessor Processor => _processor;

    /// <summary>The ECS geo query (after <see cref="Setup"/>).</summary>
    internal byte[] GeoEcsQuery => _geoEcsQuery;

    [Benchmark]
    public int A_Answer() => _processor.Process(_aQuery, _response, _context, _scratch);

    [Benchmark]
    public int NxDomain() => _processor.Process(_nxQuery, _response, _context, _scratch);

    [Benchmark]
    public int Referral() => _processor.Process(_referralQuery, _response, _context, _scratch);

    [Benchmark]
    public int Geo_Ecs_A() => _processor.Process(_geoEcsQuery, _response, _context, _scratch);

    [Benchmark]
    public int Geo_Ecs6_A() => _processor.Process(_geoEcs6Query, _response, _context, _scratch);

    [Benchmark]
    public int A_Answer_ClientCookie() => _processor.Process(_clientCookieQuery, _response, _context, _scratch);

    [Benchmark]
    public int A_Answer_Cookie() => _processor.Process(_serverCookieQuery, _response, _context, _scratch);

    [Benchmark]
    public int A_Answer_Recorded() => Recorded(_recorder, _aQuery);

    [Benchmark]
    public int Geo_Ecs_A_Recorded() => Recorded(_recorder, _geoEcsQuery);

    [Benchmark]
    public int A_Answer_Logged() => Logged(_aQuery);

    [Benchmark]
    public int Geo_Ecs_A_Logged() => Logged(_geoEcsQuery);

    /// <summary>As the server's worker (ProcessorQueryHandler): process, time one query in 16, record the outcome.</summary>
    private int Recorded(QueryRecorder recorder, byte[] query)
    {
        int length;
        if (--_untilSample > 0)
        {
            length = _processor.Process(query, _response, _context, _scratch);
        }
        else
        {
            _untilSample = QueryRecorder.LatencySampleInterval;
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            length = _processor.Process(query, _response, _context, _scratch);
            recorder.RecordLatency(start);
        }
        recorder.Record(query, _context, _scratch.Outcome);
        return length;
    }

    private int Logged(byte[] query)
    {
        int length = Recorded(_logRecorder, query);
        _logRecorder.Log!.TryDequeue(out _, _name);
        return length;
    }

    [Benchmark]
    public int A_Answer_RateLimited() => RateLimited(_rateLimited, _aQuery, 1024);

    [Benchmark]
    public int NxDomain_RateLimited() => RateLimited(_rateLimited, _nxQuery, 1024);

    [Benchmark]
    public int A_Answer_RateLimited_ManyClients() => RateLimited(_rateLimitedMany, _aQuery, 8192);

    private int RateLimited(QueryProcessor processor, byte[] query, uint netblocks)
    {
        // 127.0.0.1, 127.0.1.1, ...: no CIDR rule matches them, as for 127.0.0.1 in the other cases.
        _clientNetblock = (_clientNetblock + 1) & (netblocks - 1);
        var context = new QueryContext(Transport.Udp, 0x7F000001u + (_clientNetblock << 8), false);
        int length = processor.Process(query, _response, context, _scratch);
        if (_scratch.Outcome.RateLimit != RateLimitAction.None) _limited++;
        return length;
    }

    /// <summary>The system clock running 1000× fast: the limiter's clock tick (100 ms) is 100 of its seconds.</summary>
    private sealed class FastClock : TimeProvider
    {
        public override long TimestampFrequency => Math.Max(1, global::System.Diagnostics.Stopwatch.Frequency / 1000);
    }

    [GlobalCleanup(Targets = [nameof(A_Answer_RateLimited), nameof(NxDomain_RateLimited), nameof(A_Answer_RateLimited_ManyClients)])]
    public void ReportLimited()
    {
        // Under the limit means every reply was sent: say so if one was not.
        if (_limited > 0) Console.WriteLine($"// !! {_limited} replies were rate limited: the case was not under the limit");
    }

    [Benchmark]
    public int A_Answer_WriterOnly() => _writerOnly.Process(_aQuery, _response, _context, _scratch);

    private void Check(QueryProcessor processor, byte[] query, int rcode, bool expectAnswers)
    {
        int length = processor.Process(query, _response, _context, _scratch);
        int gotRcode = length >= 12 ? _response[3] & 0xF : -1;
        bool gotAnswers = length >= 12 && (_response[6] | _response[7]) != 0;
        if (gotRcode != rcode || gotAnswers != expectAnswers)
            throw new InvalidOperationException($"unexpected reply to {DnsName.ToString(query.AsSpan(12))}: rcode {gotRcode}, answers {gotAnswers}");
    }

    /// <summary>The reply must hold the eu records and end with the ECS option (its data last) carrying <paramref name="expectedScope"/>.</summary>
    private void CheckGeo(byte[] query, byte[] ecs, int expectedScope)
    {
        Check(_processor, query, RCode.NoError, expectAnswers: true);
        int length = _processor.Process(query, _response, _context, _scratch);
        ReadOnlySpan<byte> reply = _response.AsSpan(0, length);
        bool euAnswer = reply.IndexOf((ReadOnlySpan<byte>)[198, 51, 100, 10]) >= 0;
        int addressLength = ecs.Length - 4;
        int scope = reply[length - addressLength - 1];
        bool echoed = reply[^addressLength..].SequenceEqual(ecs.AsSpan(4));
        if (!euAnswer || scope != expectedScope || !echoed)
            throw new InvalidOperationException($"unexpected geo reply: eu answer {euAnswer}, scope {scope}, address echoed {echoed}");
    }

    private static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (string label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>A query with RD and an EDNS OPT (1232 bytes), as resolvers send them; with an ECS option when <paramref name="ecs"/> is given, or exactly <paramref name="options"/>.</summary>
    private static byte[] Query(string name, ushort type, byte[]? ecs = null, byte[]? options = null)
    {
        options ??= ecs is null ? [] : [0, 8, 0, (byte)ecs.Length, .. ecs];
        return [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,
            .. Name(name), (byte)(type >> 8), (byte)type, 0, 1,
            0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, (byte)options.Length, .. options];
    }

    /// <summary>Answers every query with one RRset, so the benchmark times the reply builder alone.</summary>
    private sealed class FixedAnswer(RRset set) : QueryLookup
    {
        public override void Lookup(ServingSnapshot geo, ReadOnlySpan<int> order, ReadOnlySpan<byte> qname, ushort qtype, LookupResult result)
        {
            result.Outcome = LookupOutcome.Answer;
            result.Authoritative = true;
            result.Answer[0] = new SectionEntry { Set = set, Ttl = 60 };
            result.AnswerCount = 1;
        }
    }
}
