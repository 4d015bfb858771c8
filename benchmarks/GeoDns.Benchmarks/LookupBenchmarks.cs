using System.Text;
using BenchmarkDotNet.Attributes;
using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Benchmarks;

/// <summary>LookupEngine.Lookup for a few question kinds on a small zone; every one must allocate 0 B.</summary>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    private const string ZoneText = """
        $ORIGIN example.com.
        $TTL 3600
        @         IN SOA   ns1 hostmaster 2026112901 3600 600 1209600 300
        @         IN NS    ns1
        @         IN NS    ns2
        @         IN MX    10 mail
        ns1       IN A     192.0.2.53
        ns2       IN A     192.0.2.54
        mail      IN A     192.0.2.25
        www       IN A     192.0.2.80
        alias     IN CNAME www
        *.wild    IN A     192.0.2.4
        sub       IN NS    ns.sub
        ns.sub    IN A     192.0.2.70
        dn        IN DNAME example.com.
        $REGION eu-west
        geo       IN A     198.51.100.10
        $REGION us-east
        geo       IN A     203.0.113.10
        $REGION
        geo       IN A     192.0.2.10
        """;

    private readonly LookupResult _result = new();
    private readonly int[] _preference = [1, 0];
    private ZoneSet _zones = ZoneSet.Empty;
    private byte[] _www = [], _wwwMixed = [], _alias = [], _wild = [], _nx = [], _referral = [], _dname = [], _geo = [], _mx = [];

    [GlobalSetup]
    public void Setup()
    {
        var loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone");
        _zones = new ZoneSet([loaded.Zone ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics))]);
        _www = Wire("www.example.com.");
        _wwwMixed = Wire("WwW.ExAmPlE.cOm.");
        _alias = Wire("alias.example.com.");
        _wild = Wire("anything.wild.example.com.");
        _nx = Wire("nothere.example.com.");
        _referral = Wire("host.sub.example.com.");
        _dname = Wire("www.dn.example.com.");
        _geo = Wire("geo.example.com.");
        _mx = Wire("example.com.");
    }

    [Benchmark(Baseline = true)]
    public LookupOutcome ExactA() => Run(_www, RRType.A, []);

    [Benchmark]
    public LookupOutcome ExactAMixedCase() => Run(_wwwMixed, RRType.A, []);

    [Benchmark]
    public LookupOutcome CnameFollowed() => Run(_alias, RRType.A, []);

    [Benchmark]
    public LookupOutcome Wildcard() => Run(_wild, RRType.A, []);

    [Benchmark]
    public LookupOutcome NxDomain() => Run(_nx, RRType.A, []);

    [Benchmark]
    public LookupOutcome ReferralWithGlue() => Run(_referral, RRType.A, []);

    [Benchmark]
    public LookupOutcome DnameSynthesis() => Run(_dname, RRType.A, []);

    [Benchmark]
    public LookupOutcome RegionChoice() => Run(_geo, RRType.A, _preference);

    [Benchmark]
    public LookupOutcome MxWithAdditional() => Run(_mx, RRType.MX, []);

    private LookupOutcome Run(byte[] qname, ushort qtype, ReadOnlySpan<int> preference)
    {
        _result.Reset();
        LookupEngine.Lookup(_zones, qname, qtype, preference, _result);
        return _result.Outcome;
    }

    private static byte[] Wire(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }
}
