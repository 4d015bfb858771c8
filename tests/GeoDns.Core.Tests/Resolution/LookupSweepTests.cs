using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>Every name of the test zones (and names below them), every type: a lookup always ends with an outcome and consistent sections.</summary>
public sealed class LookupSweepTests
{
    private static readonly ushort[] Types =
    [
        RRType.A, RRType.NS, RRType.CNAME, RRType.SOA, RRType.MX, RRType.TXT, RRType.AAAA,
        RRType.SRV, RRType.DNAME, RRType.DS, RRType.ANY, 999,
    ];

    [Fact]
    public void Every_question_gets_an_outcome()
    {
        var zones = LookupFixtures.All;
        var result = new LookupResult();
        int questions = 0;
        foreach (var zone in zones.Zones)
        {
            foreach (var node in zone.Nodes)
            {
                foreach (var prefix in new[] { "", "x.", "*.", "Mixed.Case." })
                {
                    var name = LookupFormatter.Wire(prefix + DnsName.ToString(node.Name));
                    foreach (var type in Types)
                    {
                        result.Reset();
                        LookupEngine.Lookup(zones, name, type, [1, 0], result);
                        questions++;

                        Assert.NotEqual(LookupOutcome.None, result.Outcome);
                        Assert.NotNull(result.Zone);
                        Assert.Equal(result.Outcome != LookupOutcome.Referral || result.AnswerCount > 0, result.Authoritative);
                        if (result.Outcome is LookupOutcome.NoData or LookupOutcome.NxDomain)
                        {
                            Assert.Equal(RRType.SOA, result.Authority[0].Set.Type);
                        }
                        if (result.Outcome == LookupOutcome.Referral)
                        {
                            Assert.Equal(RRType.NS, result.Authority[0].Set.Type);
                        }
                        for (int i = 0; i < result.AdditionalCount; i++)
                        {
                            Assert.True(result.Additional[i].Set.Type is RRType.A or RRType.AAAA);
                        }
                    }
                }
            }
        }
        Assert.True(questions > 1000);
    }
}
