using GeoDns.Core.Geo;

namespace GeoDns.Core.Tests.Geo;

/// <summary>
/// Random rule sets and random fake databases: the ECS scope block returned by Locate must hold
/// no address that gets a different order (checked by sampling against a brute-force reference),
/// and the scope must equal the brute-force minimum (the database network's prefix or the
/// matched rule's prefix, lengthened only past nested or neighbouring rules).
/// </summary>
public sealed class GeoTopologyScopePropertyTests
{
    private const int RuleSets = 300;
    private const int AddressesPerSet = 24;
    private const int SamplesPerBlock = 48;

    private static readonly string[] Continents = ["EU", "NA", "AS", "OC"];
    private static readonly string?[] Countries = ["US", "IE", "IN", "FR", null];

    private sealed record Rule(UInt128 Network, bool IsIPv6, int Prefix, string[] Regions);

    private sealed class Case
    {
        public required GeoTopology Topology { get; init; }
        public required GeoTopology NoRules { get; init; }
        public required FakeGeoDatabase Db { get; init; }
        public required List<Rule> Rules { get; init; }
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int block = 0; block < 10; block++)
        {
            data.Add(block);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ScopeBlocksAreExactAndMinimal(int block)
    {
        int checkedScopes = 0;
        int ruleHits = 0;
        for (int set = block * (RuleSets / 10); set < (block + 1) * (RuleSets / 10); set++)
        {
            var random = new Random(9000 + set);
            var c = MakeCase(random);
            for (int a = 0; a < AddressesPerSet; a++)
            {
                bool isIPv6 = random.Next(2) == 1;
                int bits = isIPv6 ? 128 : 32;
                UInt128 address = PickAddress(random, c, isIPv6);
                int sourcePrefix = random.Next(4) == 0 ? random.Next(bits + 1) : bits;
                address = FakeGeoDatabase.Mask(address, bits, sourcePrefix);

                var order = c.Topology.Locate(address, isIPv6, sourcePrefix, out int scope).ToArray();
                Assert.InRange(scope, 0, bits);
                Assert.Equal(ReferenceOrder(c, address, isIPv6), order);
                Assert.Equal(ReferenceScope(c, address, isIPv6), scope);
                if (LongestRule(c, address, isIPv6) is not null)
                {
                    ruleHits++;
                }

                UInt128 first = FakeGeoDatabase.Mask(address, bits, scope);
                UInt128 host = scope == bits ? UInt128.Zero : (scope == 0 && bits == 128 ? UInt128.MaxValue : (UInt128.One << (bits - scope)) - 1);
                Assert.Equal(order, ReferenceOrder(c, first, isIPv6));
                Assert.Equal(order, ReferenceOrder(c, first | host, isIPv6));
                for (int s = 0; s < SamplesPerBlock; s++)
                {
                    UInt128 inside = first | (RandomBits(random, bits) & host);
                    Assert.Equal(order, ReferenceOrder(c, inside, isIPv6));
                }

                checkedScopes++;
            }
        }

        Assert.Equal(AddressesPerSet * RuleSets / 10, checkedScopes);
        Assert.True(ruleHits > 0, "the generated cases exercise rule matches");
    }

    [Fact]
    public void WithoutNestedRulesTheScopeIsTheDatabaseOrRulePrefix()
    {
        // Disjoint rules and database networks: the scope is exactly the matching prefix.
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal)
            {
                ["a"] = new() { Location = [53.35, -6.26], Continents = ["EU"] },
                ["b"] = new() { Location = [39.04, -77.49], Continents = ["NA"] },
            },
            Networks = new(StringComparer.Ordinal)
            {
                ["0.0.0.0/1"] = ["b"],
                ["2001:db8:8000::/33"] = ["b"],
            },
        };
        var db = new FakeGeoDatabase();
        db.Add("192.0.0.0/2", db.AddLocation(new GeoLocation("EU", "IE", null, 53.3, -6.2)));
        db.Add("128.0.0.0/2", db.AddLocation(new GeoLocation("NA", "US", null, 39, -77)));
        db.Add("2001:db8::/33", db.AddLocation(new GeoLocation("EU", "IE", null, 53.3, -6.2)));
        var topology = GeoTopology.Build(options, db);

        topology.Locate(0x0A000000, false, 24, out int rule4);
        Assert.Equal(1, rule4);
        topology.Locate(0xC6336400, false, 24, out int db4);
        Assert.Equal(2, db4);
        UInt128 v6 = (UInt128)0x20010db8_00010000UL << 64;
        topology.Locate(v6, true, 48, out int db6);
        Assert.Equal(33, db6);
        topology.Locate(v6 | ((UInt128)0x80000000UL << 64), true, 48, out int rule6);
        Assert.Equal(33, rule6);
    }

    private static Case MakeCase(Random random)
    {
        var options = new GeoOptions
        {
            Regions = new(StringComparer.Ordinal)
            {
                ["dublin"] = new() { Location = [53.35, -6.26], Continents = ["EU"] },
                ["virginia"] = new() { Location = [39.04, -77.49], Countries = ["US"] },
                ["mumbai"] = new() { Location = [19.08, 72.88], Continents = ["AS"] },
                ["nowhere"] = new() { Continents = ["OC"] },
            },
            DefaultOrder = random.Next(2) == 0 ? ["virginia"] : [],
        };
        string[] names = ["dublin", "virginia", "mumbai", "nowhere"];

        var rules = new List<Rule>();
        int ruleCount = random.Next(9);
        for (int i = 0; i < ruleCount; i++)
        {
            bool isIPv6 = random.Next(2) == 1;
            int bits = isIPv6 ? 128 : 32;
            UInt128 network;
            int prefix;
            var parents = rules.FindAll(r => r.IsIPv6 == isIPv6 && r.Prefix < bits);
            if (parents.Count > 0 && random.Next(2) == 0)
            {
                var parent = parents[random.Next(parents.Count)];
                prefix = random.Next(parent.Prefix + 1, bits + 1);
                network = parent.Network | (RandomBits(random, bits) & HostMask(bits, parent.Prefix));
            }
            else
            {
                prefix = isIPv6 ? (random.Next(4) == 0 ? random.Next(100, 129) : random.Next(0, 65)) : random.Next(0, 33);
                network = UniverseAddress(random, isIPv6);
            }

            network = FakeGeoDatabase.Mask(network, bits, prefix);
            if (rules.Exists(r => r.IsIPv6 == isIPv6 && r.Prefix == prefix && r.Network == network))
            {
                continue;
            }

            var regionList = names.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToArray();
            rules.Add(new Rule(network, isIPv6, prefix, regionList));
            options.Networks[IpBits.Format(network, isIPv6, prefix)] = regionList;
        }

        var db = new FakeGeoDatabase();
        int locations = random.Next(1, 8);
        for (int i = 0; i < locations; i++)
        {
            bool hasCoordinates = random.Next(3) != 0;
            db.AddLocation(new GeoLocation(
                random.Next(4) == 0 ? null : Continents[random.Next(Continents.Length)],
                Countries[random.Next(Countries.Length)],
                null,
                hasCoordinates ? random.NextDouble() * 180 - 90 : null,
                hasCoordinates ? random.NextDouble() * 360 - 180 : null));
        }

        int networks = random.Next(14);
        for (int i = 0; i < networks; i++)
        {
            bool isIPv6 = random.Next(2) == 1;
            int prefix = isIPv6 ? random.Next(12, 65) : random.Next(4, 31);
            db.TryAdd(UniverseAddress(random, isIPv6), isIPv6, prefix, random.Next(locations));
        }

        return new Case
        {
            Topology = GeoTopology.Build(options, db),
            NoRules = GeoTopology.Build(new GeoOptions { Regions = options.Regions, DefaultOrder = options.DefaultOrder }, db),
            Db = db,
            Rules = rules,
        };
    }

    private static UInt128 PickAddress(Random random, Case c, bool isIPv6)
    {
        int bits = isIPv6 ? 128 : 32;
        var rules = c.Rules.FindAll(r => r.IsIPv6 == isIPv6);
        switch (random.Next(4))
        {
            case 0 when rules.Count > 0:
                var rule = rules[random.Next(rules.Count)];
                return rule.Network | (RandomBits(random, bits) & HostMask(bits, rule.Prefix));
            case 1:
                foreach (var n in c.Db.Networks)
                {
                    if (n.IsIPv6 == isIPv6 && random.Next(2) == 0)
                    {
                        return n.Network | (RandomBits(random, bits) & HostMask(bits, n.Prefix));
                    }
                }

                return UniverseAddress(random, isIPv6);
            case 2:
                return RandomBits(random, bits);
            default:
                return UniverseAddress(random, isIPv6);
        }
    }

    /// <summary>Addresses clustered under a few short prefixes so rules and networks overlap.</summary>
    private static UInt128 UniverseAddress(Random random, bool isIPv6)
    {
        if (!isIPv6)
        {
            uint top = random.Next(3) switch { 0 => 10u, 1 => 11u, _ => 192u };
            return (top << 24) | ((uint)random.Next() & 0x00FFFFFFu);
        }

        UInt128 head = random.Next(2) == 0 ? 0x20010db8u : 0x20010db9u;
        return (head << 96) | (RandomBits(random, 128) & ((UInt128.One << 96) - 1));
    }

    private static UInt128 RandomBits(Random random, int bits)
    {
        UInt128 value = ((UInt128)(ulong)random.NextInt64() << 65) ^ ((UInt128)(ulong)random.NextInt64() << 33) ^ (ulong)random.NextInt64();
        value ^= (ulong)random.NextInt64() << 1;
        return bits == 128 ? value : value & ((UInt128.One << bits) - 1);
    }

    private static UInt128 HostMask(int bits, int prefix) =>
        prefix >= bits ? UInt128.Zero : (bits - prefix == 128 ? UInt128.MaxValue : (UInt128.One << (bits - prefix)) - 1);

    private static Rule? LongestRule(Case c, UInt128 address, bool isIPv6)
    {
        int bits = isIPv6 ? 128 : 32;
        Rule? best = null;
        foreach (var r in c.Rules)
        {
            if (r.IsIPv6 == isIPv6 && FakeGeoDatabase.CommonPrefix(r.Network, address, bits) >= r.Prefix
                && (best is null || r.Prefix > best.Prefix))
            {
                best = r;
            }
        }

        return best;
    }

    /// <summary>Brute force: longest rule (its regions, then the rest by index), else the database's order.</summary>
    private static int[] ReferenceOrder(Case c, UInt128 address, bool isIPv6)
    {
        if (LongestRule(c, address, isIPv6) is { } rule)
        {
            var order = new List<int>();
            foreach (var name in rule.Regions)
            {
                Assert.True(c.Topology.TryGetRegionIndex(name, out int index));
                order.Add(index);
            }

            for (int i = 0; i < c.Topology.RegionNames.Count; i++)
            {
                if (!order.Contains(i))
                {
                    order.Add(i);
                }
            }

            return [.. order];
        }

        return c.NoRules.Locate(address, isIPv6, isIPv6 ? 128 : 32, out _).ToArray();
    }

    /// <summary>Brute force over the rule list of the minimal exact scope.</summary>
    private static int ReferenceScope(Case c, UInt128 address, bool isIPv6)
    {
        if (c.Topology.OrderCount <= 1)
        {
            return 0;
        }

        int bits = isIPv6 ? 128 : 32;
        var matched = LongestRule(c, address, isIPv6);
        int scope;
        if (matched is not null)
        {
            scope = matched.Prefix;
            foreach (var r in c.Rules)
            {
                int common = FakeGeoDatabase.CommonPrefix(r.Network, address, bits);
                if (r.IsIPv6 == isIPv6 && r.Prefix > matched.Prefix && common >= matched.Prefix)
                {
                    scope = Math.Max(scope, common + 1);
                }
            }

            return scope;
        }

        c.Db.TryFind(address, isIPv6, out _, out int dbPrefix);
        scope = dbPrefix;
        foreach (var r in c.Rules)
        {
            if (r.IsIPv6 == isIPv6)
            {
                scope = Math.Max(scope, FakeGeoDatabase.CommonPrefix(r.Network, address, bits) + 1);
            }
        }

        return scope;
    }
}
