using System.Net;
using GeoDns.Core.Geo;

namespace GeoDns.Core.Tests.Geo;

public sealed class GeoTopologyTests
{
    // Regions (indices: DefaultOrder = [b-virginia, a-dublin], then the rest by ordinal name).
    //   a-dublin   Dublin,   continent EU
    //   b-virginia Virginia, countries US CA
    //   c-oregon   Oregon,   subdivision US-CA
    //   d-mumbai   Mumbai,   continent AS
    //   e-nowhere  no location, continent NA
    private static GeoOptions Options() => new()
    {
        Regions = new(StringComparer.Ordinal)
        {
            ["e-nowhere"] = new() { Continents = ["NA"] },
            ["d-mumbai"] = new() { Location = [19.08, 72.88], Continents = ["AS"] },
            ["c-oregon"] = new() { Location = [45.6, -121.2], Subdivisions = ["US-CA"] },
            ["b-virginia"] = new() { Location = [39.04, -77.49], Countries = ["US", "CA"] },
            ["a-dublin"] = new() { Location = [53.35, -6.26], Continents = ["EU"] },
        },
        Networks = new(StringComparer.Ordinal)
        {
            ["10.0.0.0/8"] = ["d-mumbai", "c-oregon"],
            ["10.1.0.0/16"] = ["e-nowhere"],
            ["2001:db8:1::/48"] = ["a-dublin"],
        },
        DefaultOrder = ["b-virginia", "a-dublin"],
    };

    private static readonly string[] ExpectedNames = ["b-virginia", "a-dublin", "c-oregon", "d-mumbai", "e-nowhere"];

    private static (GeoTopology Topology, FakeGeoDatabase Db) Build()
    {
        var db = new FakeGeoDatabase();
        db.Add("198.51.100.0/24", db.AddLocation(new GeoLocation("NA", "US", "US-CA", 34.05, -118.24)));   // Los Angeles
        db.Add("198.51.101.0/24", db.AddLocation(new GeoLocation("NA", "US", null, null, null)));           // US, no coordinates
        db.Add("203.0.113.0/24", db.AddLocation(new GeoLocation(null, null, null, 35.68, 139.65)));         // Tokyo, no codes
        db.Add("192.0.2.0/25", db.AddLocation(new GeoLocation("OC", "AU", null, null, null)));              // no match, no coordinates
        db.Add("2001:db8:2::/48", db.AddLocation(new GeoLocation("EU", "FR", "FR-IDF", 48.86, 2.35)));     // Paris
        return (GeoTopology.Build(Options(), db), db);
    }

    private static string[] Names(GeoTopology topology, ReadOnlySpan<int> order)
    {
        var names = new string[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            names[i] = topology.RegionNames[order[i]];
        }

        return names;
    }

    private static string[] LocateNames(GeoTopology topology, string address, int prefix, out int scope)
    {
        var ip = IPAddress.Parse(address);
        UInt128 value = IpBits.From(ip, out bool isIPv6);
        return Names(topology, topology.Locate(value, isIPv6, prefix, out scope));
    }

    [Fact]
    public void RegionIndicesAreDefaultOrderThenOrdinalNames()
    {
        var (topology, _) = Build();
        Assert.Equal(ExpectedNames, topology.RegionNames);
        Assert.True(topology.TryGetRegionIndex("c-oregon", out int c));
        Assert.Equal(2, c);
        Assert.False(topology.TryGetRegionIndex("C-OREGON", out _));
    }

    public static TheoryData<string, string[], int> Orders => new()
    {
        // Subdivision, then country, then continent, then the rest by distance from Los Angeles.
        { "198.51.100.9", ["c-oregon", "b-virginia", "e-nowhere", "a-dublin", "d-mumbai"], 24 },
        // Country and continent, no coordinates: the rest in the default order.
        { "198.51.101.9", ["b-virginia", "e-nowhere", "a-dublin", "c-oregon", "d-mumbai"], 24 },
        // Coordinates only (Tokyo): all by distance, the region without a location last.
        { "203.0.113.1", ["d-mumbai", "c-oregon", "a-dublin", "b-virginia", "e-nowhere"], 24 },
        // Located but nothing matches and no coordinates: default order.
        { "192.0.2.1", ["b-virginia", "a-dublin", "c-oregon", "d-mumbai", "e-nowhere"], 25 },
        // Not in the database: default order, scope = the empty block (192.0.2.128/25).
        { "192.0.2.200", ["b-virginia", "a-dublin", "c-oregon", "d-mumbai", "e-nowhere"], 25 },
        // CIDR rule: its regions, then the rest in the default order.
        { "10.200.0.1", ["d-mumbai", "c-oregon", "b-virginia", "a-dublin", "e-nowhere"], 9 },
        // Longest prefix wins.
        { "10.1.2.3", ["e-nowhere", "b-virginia", "a-dublin", "c-oregon", "d-mumbai"], 16 },
        // IPv6 rule and IPv6 database (Paris: continent EU, then by distance).
        { "2001:db8:1::1", ["a-dublin", "b-virginia", "c-oregon", "d-mumbai", "e-nowhere"], 48 },
        { "2001:db8:2::1", ["a-dublin", "b-virginia", "d-mumbai", "c-oregon", "e-nowhere"], 48 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void PreferenceOrderAndScope(string address, string[] expected, int expectedScope)
    {
        var (topology, _) = Build();
        Assert.Equal(expected, LocateNames(topology, address, 32, out int scope));
        Assert.Equal(expectedScope, scope);
    }

    [Fact]
    public void WithinATierRegionsAreSortedByDistance()
    {
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal)
            {
                ["frankfurt"] = new() { Location = [50.11, 8.68], Continents = ["EU"] },
                ["london"] = new() { Location = [51.51, -0.13], Continents = ["EU"] },
                ["tokyo"] = new() { Location = [35.68, 139.65] },
            },
            DefaultOrder = ["frankfurt", "tokyo", "london"],
        };
        var db = new FakeGeoDatabase();
        db.Add("198.51.100.0/24", db.AddLocation(new GeoLocation("EU", "FR", null, 48.86, 2.35)));  // Paris
        db.Add("198.51.101.0/24", db.AddLocation(new GeoLocation("EU", "FR", null, null, null)));
        var topology = GeoTopology.Build(options, db);
        Assert.Equal(["london", "frankfurt", "tokyo"], LocateNames(topology, "198.51.100.1", 24, out _));
        Assert.Equal(["frankfurt", "london", "tokyo"], LocateNames(topology, "198.51.101.1", 24, out _));
    }

    [Fact]
    public void WithoutDatabaseOnlyRulesAndTheDefaultOrderApply()
    {
        var topology = GeoTopology.Build(Options(), null);
        Assert.Equal(ExpectedNames, LocateNames(topology, "198.51.100.9", 24, out int scope));
        Assert.Equal(1, scope); // 128.0.0.0/1 holds no rule, 0.0.0.0/0 holds 10.0.0.0/8
        Assert.Equal(ExpectedNames, LocateNames(topology, "2001:db8:3::", 48, out int scope6));
        Assert.Equal(47, scope6); // 2001:db8:2::/47 holds no rule, 2001:db8::/46 holds 2001:db8:1::/48
        Assert.Equal(["d-mumbai", "c-oregon", "b-virginia", "a-dublin", "e-nowhere"], LocateNames(topology, "10.0.0.0", 8, out int ruleScope));
        Assert.Equal(16, ruleScope); // 10.0.0.0/16 is next to the nested 10.1.0.0/16
    }

    [Fact]
    public void NestedRulesLengthenTheScopeExactly()
    {
        var (topology, _) = Build();
        // 10.2.0.0/15 does not contain 10.1.0.0/16, 10.0.0.0/14 does.
        LocateNames(topology, "10.2.0.0", 16, out int scope);
        Assert.Equal(15, scope);
        LocateNames(topology, "10.1.0.0", 16, out int nested);
        Assert.Equal(16, nested);
        LocateNames(topology, "10.0.0.0", 24, out int left);
        Assert.Equal(16, left);
    }

    [Fact]
    public void ASingleOrderNeedsNoScope()
    {
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal) { ["only"] = new() { Location = [1, 2] } },
            Networks = new(StringComparer.Ordinal) { ["10.0.0.0/8"] = ["only"] },
        };
        var topology = GeoTopology.Build(options, null);
        Assert.Equal(1, topology.OrderCount);
        Assert.Equal(["only"], LocateNames(topology, "10.1.2.3", 32, out int scope));
        Assert.Equal(0, scope);
    }

    [Fact]
    public void NoneHasNoRegions()
    {
        Assert.Empty(GeoTopology.None.RegionNames);
        Assert.Equal(0, GeoTopology.None.Locate(0x0A000001, false, 32, out int scope).Length);
        Assert.Equal(0, scope);
    }

    [Fact]
    public void AllDownPolicyIsCarriedOver()
    {
        var options = Options();
        options.AllDown = AllDownPolicy.NoData;
        Assert.Equal(AllDownPolicy.NoData, GeoTopology.Build(options, null).AllDown);
    }

    [Fact]
    public void IPv4MappedRulesBecomeIPv4Rules()
    {
        var options = Options();
        options.Networks["::ffff:192.0.2.0/120"] = ["d-mumbai"];
        var topology = GeoTopology.Build(options, null);
        Assert.Equal("d-mumbai", LocateNames(topology, "192.0.2.7", 32, out int scope)[0]);
        Assert.Equal(24, scope);
        // Explain unwraps an IPv4-mapped client address the way the query path's caller does.
        Assert.Equal("192.0.2.0/24", topology.Explain(IPAddress.Parse("::ffff:192.0.2.7"), 128).RuleNetwork);
    }

    [Fact]
    public void ExplainGivesTheReasonForEachPosition()
    {
        var (topology, _) = Build();
        var la = topology.Explain(IPAddress.Parse("198.51.100.9"), 32);
        Assert.Equal("198.51.100.9/32", la.Client);
        Assert.Equal("198.51.100.0/24", la.DatabaseNetwork);
        Assert.Null(la.RuleNetwork);
        Assert.Equal("US-CA", la.Location?.Subdivision);
        Assert.Equal(24, la.ScopePrefix);
        Assert.Equal(["c-oregon", "b-virginia", "e-nowhere", "a-dublin", "d-mumbai"], la.Order.Select(r => r.Name));
        Assert.Equal("subdivision US-CA", la.Order[0].Reason);
        Assert.Equal("country US", la.Order[1].Reason);
        Assert.Equal("continent NA", la.Order[2].Reason);
        string expectedKm = RegionOrdering.DistanceReason(GeoDistance.Kilometres(34.05, -118.24, 53.35, -6.26));
        Assert.Equal(expectedKm, la.Order[3].Reason);
        Assert.Matches("^distance [0-9]+ km$", la.Order[4].Reason);
        Assert.Equal(2, la.Order[0].Region);

        var rule = topology.Explain(IPAddress.Parse("10.1.99.0"), 24);
        Assert.Equal("10.1.99.0/24", rule.Client);
        Assert.Equal("10.1.0.0/16", rule.RuleNetwork);
        Assert.Equal(16, rule.ScopePrefix);
        Assert.Equal("rule 10.1.0.0/16", rule.Order[0].Reason);
        Assert.All(rule.Order.Skip(1), r => Assert.Equal("default order", r.Reason));

        var unknown = topology.Explain(IPAddress.Parse("192.0.2.200"), 32);
        Assert.Null(unknown.Location);
        Assert.Null(unknown.DatabaseNetwork);
        Assert.All(unknown.Order, r => Assert.Equal("default order", r.Reason));
        Assert.Equal(ExpectedNames, unknown.Order.Select(r => r.Name));

        var tokyo = topology.Explain(IPAddress.Parse("203.0.113.1"), 32);
        Assert.Equal("no location, default order", tokyo.Order[4].Reason);
    }

    public static TheoryData<string[], string, int> EdgeScopes => new()
    {
        { ["0.0.0.0/0"], "192.0.2.1", 0 },
        { ["0.0.0.0/0", "10.0.0.0/8"], "192.0.2.1", 1 },
        { ["0.0.0.0/0", "10.0.0.0/8"], "10.9.9.9", 8 },
        { ["192.0.2.1/32"], "192.0.2.1", 32 },
        { ["192.0.2.1/32"], "192.0.2.0", 32 },
        { ["192.0.2.1/32"], "192.0.2.2", 31 },
        { ["::/0", "2001:db8::1/128"], "2001:db8::1", 128 },
        { ["::/0", "2001:db8::1/128"], "2001:db8::2", 127 },
        { ["::/0", "2001:db8::1/128"], "2001:db8:0:1::", 64 },
        { ["2001:db8::/32", "2001:db8:0:0:8000::/65"], "2001:db8::", 65 },
        { ["2001:db8::/32", "2001:db8:0:0:8000::/65"], "2001:db8:1::", 48 },
    };

    [Theory]
    [MemberData(nameof(EdgeScopes))]
    public void ScopeAtTheEdgesOfTheAddressSpace(string[] networks, string address, int expectedScope)
    {
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal) { ["a"] = new(), ["b"] = new() },
            DefaultOrder = ["a"],
        };
        foreach (var n in networks)
        {
            options.Networks[n] = ["b"];
        }

        var topology = GeoTopology.Build(options, null);
        LocateNames(topology, address, address.Contains(':') ? 128 : 32, out int scope);
        Assert.Equal(expectedScope, scope);
    }

    [Fact]
    public void ExplainTakesIPv4MappedSourcePrefixes()
    {
        var (topology, _) = Build();
        var e = topology.Explain(IPAddress.Parse("::ffff:10.1.2.3"), 120);
        Assert.Equal("10.1.2.0/24", e.Client);
        Assert.Equal("10.1.0.0/16", e.RuleNetwork);
    }

    [Fact]
    public void ExplainMasksTheClientToItsSourcePrefix()
    {
        var (topology, _) = Build();
        var e = topology.Explain(IPAddress.Parse("10.1.255.255"), 8);
        Assert.Equal("10.0.0.0/8", e.Client);
        Assert.Equal("10.0.0.0/8", e.RuleNetwork);
        Assert.Equal(16, e.ScopePrefix);
    }

    [Fact]
    public void LocateAllocatesNothing()
    {
        var (topology, _) = Build();
        UInt128 v4 = 0xC6336409; // 198.51.100.9
        UInt128 rule = 0x0A010203; // 10.1.2.3
        UInt128 v6 = IpBits.From(IPAddress.Parse("2001:db8:2::1"), out _);
        int sum = 0;
        for (int i = 0; i < 100; i++)
        {
            sum += topology.Locate(v4, false, 32, out int s)[0] + s;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            sum += topology.Locate(v4, false, 32, out int s1)[0] + s1;
            sum += topology.Locate(rule, false, 24, out int s2)[0] + s2;
            sum += topology.Locate(v6, true, 56, out int s3)[0] + s3;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }
}
