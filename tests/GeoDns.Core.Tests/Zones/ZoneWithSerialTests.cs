using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;
using GeoDns.Core.Tests.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Zones;

public sealed class ZoneWithSerialTests
{
    private const string Text = """
        $ORIGIN example.com.
        $TTL 3600
        @    SOA ns hostmaster 41 3600 600 1209600 300
        @    NS  ns
        @    MX  10 mail
        ns   A   192.0.2.1
        mail A   192.0.2.25
        $REGION eu-west
        www  A   198.51.100.10
        $REGION
        www  A   192.0.2.80
        """;

    [Fact]
    public void Only_the_soa_changes_and_the_original_zone_is_untouched()
    {
        var zone = ZoneLoader.LoadText(Text, "example.com.zone").Zone!;

        var bumped = zone.WithSerial(42);

        Assert.Equal(41u, zone.Serial);
        Assert.Equal(42u, bumped.Serial);
        Assert.NotSame(zone.Soa, bumped.Soa);
        Assert.Equal((zone.RecordCount, zone.NodeCount, zone.Name, zone.NegativeTtl), (bumped.RecordCount, bumped.NodeCount, bumped.Name, bumped.NegativeTtl));
        Assert.Same(zone.Files, bumped.Files);
        Assert.Same(zone.RegionNames, bumped.RegionNames);
        Assert.Equal(new SourceLocation("example.com.zone", 3, 1), bumped.SoaLocation);

        // Every RRset but the SOA is shared; the SOA differs only in its serial.
        var before = zone.RRsets.ToList();
        var after = bumped.RRsets.ToList();
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            if (before[i].Type == RRType.SOA) Assert.Same(bumped.Soa, after[i]);
            else Assert.Same(before[i], after[i]);
        }
        var oldSoa = zone.Soa.Records;
        var newSoa = bumped.Soa.Records;
        Assert.Equal(oldSoa.Length, newSoa.Length);
        // 41 → 42: the last byte of the serial is the only one that differs.
        Assert.Single(Enumerable.Range(0, oldSoa.Length), i => oldSoa[i] != newSoa[i]);
    }

    [Theory]
    [InlineData("nothere.example.com.", "A", LookupOutcome.NxDomain)]
    [InlineData("www.example.com.", "TXT", LookupOutcome.NoData)]
    [InlineData("example.com.", "SOA", LookupOutcome.Answer)]
    public void Answers_carry_the_new_serial(string name, string type, LookupOutcome outcome)
    {
        var zone = ZoneLoader.LoadText(Text, "example.com.zone").Zone!;
        var bumped = zone.WithSerial(uint.MaxValue);
        var set = new ZoneSet([bumped]);
        var result = new LookupResult();

        LookupEngine.Lookup(set, LookupFormatter.Wire(name), LookupFormatter.ParseType(type), [], result);

        Assert.Equal(outcome, result.Outcome);
        var soa = outcome == LookupOutcome.Answer ? result.Answer[0].Set : result.Authority[0].Set;
        Assert.Same(bumped.Soa, soa);
        Assert.Contains("4294967295", string.Join(" ", LookupFormatter.Section(result, outcome == LookupOutcome.Answer ? result.Answer : result.Authority, 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_answers_are_the_same_as_the_original_zones()
    {
        var zone = ZoneLoader.LoadText(Text, "example.com.zone").Zone!;
        var original = new ZoneSet([zone]);
        var bumped = new ZoneSet([zone.WithSerial(7)]);

        foreach (var (name, type) in new[] { ("www.example.com.", "A"), ("example.com.", "MX"), ("example.com.", "NS"), ("mail.example.com.", "A") })
        {
            foreach (int[] preference in new[] { Array.Empty<int>(), [0] })
            {
                var a = new LookupResult();
                var b = new LookupResult();
                LookupEngine.Lookup(original, LookupFormatter.Wire(name), LookupFormatter.ParseType(type), preference, a);
                LookupEngine.Lookup(bumped, LookupFormatter.Wire(name), LookupFormatter.ParseType(type), preference, b);
                Assert.Equal(a.Outcome, b.Outcome);
                Assert.Equal(LookupFormatter.Section(a, a.Answer, a.AnswerCount), LookupFormatter.Section(b, b.Answer, b.AnswerCount));
                Assert.Equal(LookupFormatter.Section(a, a.Additional, a.AdditionalCount), LookupFormatter.Section(b, b.Additional, b.AdditionalCount));
                Assert.NotEmpty(LookupFormatter.Section(a, a.Answer, a.AnswerCount));
            }
        }
    }
}
