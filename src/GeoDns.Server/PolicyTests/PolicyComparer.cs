using System.Globalization;
using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Explain;

namespace GeoDns.Server.PolicyTests;

/// <summary>
/// Compares what a test's query got with what it expects and words the difference:
/// <c>www.example.com A from 81.2.69.142 down eu-west: expected 203.0.113.10, got 198.51.100.10 (region us-east)</c>.
/// Records compare as a set of (type, RDATA) after normalisation (<see cref="PolicyRdata"/>): the
/// records of the queried type in the answer section, plus its CNAMEs when the expectation names
/// a CNAME link.
/// </summary>
internal static class PolicyComparer
{
    /// <summary>Null when the response meets the expectation, else the message.</summary>
    public static string? Compare(PolicyTest test, ProbeResult probe, ZoneSet zones, IReadOnlyList<string> regionNames, Exception? thrown = null)
    {
        var expected = test.Expected;
        var got = OutcomeOf(probe);
        bool compareCnames = expected.HasCname && test.Type != RRType.CNAME;
        var records = new List<ProbeRecord>();
        foreach (var record in probe.Answer)
        {
            if (record.Type == test.Type || (compareCnames && record.Type == RRType.CNAME)) records.Add(record);
        }

        var expectedParts = new List<string>();
        var gotParts = new List<string>();
        var context = new List<string>();
        string? setDifference = null;

        bool outcomeMatches = got == expected.Outcome;
        if (outcomeMatches && got == PolicyOutcome.Answer)
        {
            var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in expected.Values) wanted.TryAdd(PolicyRdata.Key(value.Type, value.Rdata), value.Text);
            var have = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var record in records) have.TryAdd(PolicyRdata.Key(record.Type, record.Rdata), Text(test, record));
            outcomeMatches = wanted.Count == have.Count && wanted.Keys.All(have.ContainsKey);
            if (!outcomeMatches && wanted.Count > 0 && have.Count > 0 && (wanted.Count > 1 || have.Count > 1))
                setDifference = Difference(wanted, have);
        }
        if (!outcomeMatches)
        {
            expectedParts.Add(ExpectedText(expected));
            gotParts.Add(GotText(test, got, probe, records));
        }

        var echo = probe.Summary.Ecs;
        if (expected.Scope is { } scope && echo?.ScopePrefix != scope)
        {
            expectedParts.Add(string.Create(CultureInfo.InvariantCulture, $"scope {scope}"));
            gotParts.Add(echo is null ? "no ECS option" : string.Create(CultureInfo.InvariantCulture, $"scope {echo.ScopePrefix}"));
        }
        uint? ttl = TtlOf(test, got, probe, records);
        if (expected.Ttl is { } wantedTtl && ttl != wantedTtl)
        {
            expectedParts.Add(string.Create(CultureInfo.InvariantCulture, $"ttl {wantedTtl}"));
            gotParts.Add(ttl is { } t ? string.Create(CultureInfo.InvariantCulture, $"ttl {t}") : "no records to take a TTL from");
        }
        if (expectedParts.Count == 0) return null;

        // Context: what else the response said, so the line explains itself.
        if (outcomeMatches && got == PolicyOutcome.Answer) context.Add(GotText(test, got, probe, records));
        if (got == PolicyOutcome.Answer && !compareCnames)
        {
            var chain = new List<string>();
            foreach (var record in probe.Answer)
                if (record.Type == RRType.CNAME && test.Type != RRType.CNAME) chain.Add(RdataCodec.Format(RRType.CNAME, record.Rdata));
            if (chain.Count > 0) context.Add("via CNAME " + string.Join(" -> ", chain));
        }
        if (got == PolicyOutcome.Answer) context.AddRange(Regions(test, records, regionNames));
        if (echo is not null && test.EcsAddress is not null && expected.Scope is null) context.Add(string.Create(CultureInfo.InvariantCulture, $"scope {echo.ScopePrefix}"));
        if (got == PolicyOutcome.Refused && zones.FindZone(test.Name) is null) context.Add($"no zone served contains {DnsName.ToString(test.Name)}");
        if (got == PolicyOutcome.Referral) context.Add("delegated to " + string.Join(", ", Delegation(probe)));
        if (got == PolicyOutcome.ServFail && thrown is not null) context.Add($"the query failed: {thrown.Message}");
        if (!outcomeMatches && expected.Outcome != PolicyOutcome.Answer && got == PolicyOutcome.Answer && ttl is { } answerTtl && expected.Ttl is null)
            context.Add(string.Create(CultureInfo.InvariantCulture, $"ttl {answerTtl}"));

        string message = $"{test.Description}: expected {string.Join(' ', expectedParts)}, got {string.Join(' ', gotParts)}";
        if (context.Count > 0) message += $" ({string.Join(", ", context)})";
        if (setDifference is not null) message += $"; {setDifference}";
        return message;
    }

    /// <summary>The kind of response, as a test names it.</summary>
    public static PolicyOutcome OutcomeOf(ProbeResult probe) => probe.Summary.Rcode switch
    {
        RCode.NoError => probe.Outcome switch
        {
            LookupOutcome.Answer => PolicyOutcome.Answer,
            LookupOutcome.NoData => PolicyOutcome.NoData,
            LookupOutcome.Referral => PolicyOutcome.Referral,
            _ => PolicyOutcome.Other,
        },
        RCode.NxDomain => PolicyOutcome.NxDomain,
        RCode.Refused => PolicyOutcome.Refused,
        RCode.ServFail => PolicyOutcome.ServFail,
        _ => PolicyOutcome.Other,
    };

    private static string ExpectedText(PolicyExpectation expected) => expected.Outcome == PolicyOutcome.Answer
        ? string.Join(", ", expected.Values.Select(v => v.Text))
        : Keyword(expected.Outcome);

    private static string GotText(PolicyTest test, PolicyOutcome got, ProbeResult probe, List<ProbeRecord> records)
    {
        if (got == PolicyOutcome.Other) return Explainer.RcodeName(probe.Summary.Rcode);
        if (got != PolicyOutcome.Answer) return Keyword(got);
        bool any = false;
        foreach (var record in records) any |= record.Type == test.Type;
        var texts = records.Select(r => Text(test, r)).Distinct(StringComparer.Ordinal).ToList();
        if (!any) texts.Add($"no {RdataCodec.TypeName(test.Type)} records");
        return string.Join(", ", texts);
    }

    /// <summary>A record as a value: its RDATA; a CNAME link of a chain (the test asks for another type) as <c>CNAME target</c>.</summary>
    private static string Text(PolicyTest test, ProbeRecord record) =>
        record.Type == RRType.CNAME && test.Type != RRType.CNAME
            ? "CNAME " + RdataCodec.Format(RRType.CNAME, record.Rdata)
            : RdataCodec.Format(record.Type, record.Rdata);

    private static string Keyword(PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.NxDomain => "NXDOMAIN",
        PolicyOutcome.NoData => "NODATA",
        PolicyOutcome.Referral => "REFERRAL",
        PolicyOutcome.Refused => "REFUSED",
        PolicyOutcome.ServFail => "SERVFAIL",
        _ => "an answer",
    };

    /// <summary>"missing: a, b; unexpected: c" for two overlapping or larger sets.</summary>
    private static string Difference(Dictionary<string, string> wanted, Dictionary<string, string> have)
    {
        var missing = wanted.Where(p => !have.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var extra = have.Where(p => !wanted.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add("missing: " + string.Join(", ", missing));
        if (extra.Count > 0) parts.Add("unexpected: " + string.Join(", ", extra));
        return string.Join("; ", parts);
    }

    /// <summary>TTL of the answer records of the queried type (the lowest), of the SOA in a negative answer, of the NS in a referral.</summary>
    private static uint? TtlOf(PolicyTest test, PolicyOutcome got, ProbeResult probe, List<ProbeRecord> records)
    {
        uint? ttl = null;
        switch (got)
        {
            case PolicyOutcome.Answer:
                foreach (var record in records)
                    if (record.Type == test.Type) ttl = Math.Min(ttl ?? uint.MaxValue, record.Ttl);
                break;
            case PolicyOutcome.NoData or PolicyOutcome.NxDomain or PolicyOutcome.Referral:
                foreach (var record in probe.Authority)
                    if (record.Type is RRType.SOA or RRType.NS) ttl = Math.Min(ttl ?? uint.MaxValue, record.Ttl);
                break;
        }
        return ttl;
    }

    private static List<string> Regions(PolicyTest test, List<ProbeRecord> records, IReadOnlyList<string> regionNames)
    {
        var labels = new List<string>();
        foreach (var record in records)
        {
            if (record.Type != test.Type) continue;
            string label = Explainer.RegionLabel(regionNames, record.Region);
            if (!labels.Contains(label)) labels.Add(label);
        }
        return labels;
    }

    private static List<string> Delegation(ProbeResult probe)
    {
        var servers = new List<string>();
        foreach (var record in probe.Authority)
            if (record.Type == RRType.NS) servers.Add(RdataCodec.Format(RRType.NS, record.Rdata));
        return servers;
    }
}
