using System.Text;
using BenchmarkDotNet.Attributes;
using GeoDns.Core.Protocol;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Benchmarks;

/// <summary>
/// QueryProcessor.Process for static queries over a small zone: parse → lookup → write.
/// Must show 0 B allocated per query. The *_WriterOnly case replaces the lookup with a fixed
/// result to isolate the protocol layer.
/// </summary>
[MemoryDiagnoser]
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
        """;

    private readonly byte[] _response = new byte[65535];
    private readonly QueryScratch _scratch = new();
    private readonly QueryContext _context = new(Transport.Udp, 0x7F000001, false);
    private QueryProcessor _processor = null!;
    private QueryProcessor _writerOnly = null!;
    private byte[] _aQuery = null!;
    private byte[] _nxQuery = null!;
    private byte[] _referralQuery = null!;

    [GlobalSetup(Target = nameof(A_Answer_WriterOnly))]
    public void SetupWriterOnly()
    {
        byte[] owner = Name("www.example.com.");
        var wwwA = new RRset(owner, RRType.A, RRClass.IN, 60, [0, 4, 192, 0, 2, 80, 0, 4, 192, 0, 2, 81], 2);
        _writerOnly = new QueryProcessor(new ZoneStore(ZoneSet.Empty), new ProtocolOptions(), (_, _, result) =>
        {
            result.Outcome = LookupOutcome.Answer;
            result.Authoritative = true;
            result.Answer[0] = new SectionEntry { Set = wwwA, Ttl = 60 };
            result.AnswerCount = 1;
        });
        _aQuery = Query("wWw.example.COM.", RRType.A);
        Check(_writerOnly, _aQuery, RCode.NoError, expectAnswers: true);
    }

    [GlobalSetup(Targets = [nameof(A_Answer), nameof(NxDomain), nameof(Referral)])]
    public void Setup()
    {
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone");
        if (!loaded.Success || loaded.Zone is null)
            throw new InvalidOperationException("zone did not load: " + string.Join("; ", loaded.Diagnostics));
        var store = new ZoneStore(new ZoneSet([loaded.Zone]));
        _processor = new QueryProcessor(store, new ProtocolOptions());

        _aQuery = Query("wWw.example.COM.", RRType.A);
        _nxQuery = Query("nothing.example.com.", RRType.A);
        _referralQuery = Query("www.sub.example.com.", RRType.A);

        Check(_processor, _aQuery, RCode.NoError, expectAnswers: true);
        Check(_processor, _nxQuery, RCode.NxDomain, expectAnswers: false);
        Check(_processor, _referralQuery, RCode.NoError, expectAnswers: false);
    }

    [Benchmark]
    public int A_Answer() => _processor.Process(_aQuery, _response, _context, _scratch);

    [Benchmark]
    public int NxDomain() => _processor.Process(_nxQuery, _response, _context, _scratch);

    [Benchmark]
    public int Referral() => _processor.Process(_referralQuery, _response, _context, _scratch);

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

    /// <summary>A query with RD and an EDNS OPT (1232 bytes), as resolvers send them.</summary>
    private static byte[] Query(string name, ushort type) =>
        [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,
         .. Name(name), (byte)(type >> 8), (byte)type, 0, 1,
         0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];
}
