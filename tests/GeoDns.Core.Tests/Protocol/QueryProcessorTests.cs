using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using static GeoDns.Core.Tests.Protocol.ProcessorHarness;

namespace GeoDns.Core.Tests.Protocol;

public sealed class QueryProcessorTests
{
    private static readonly RRset WwwA = Wire.Set("www.example.com.", RRType.A, 300, Wire.A("192.0.2.80"));
    private static readonly RRset Soa = Wire.Set("example.com.", RRType.SOA, 3600, Wire.Soa("ns1.example.com.", "hostmaster.example.com.", 2026112901));
    private static readonly RRset DelegationNs = Wire.Set("sub.example.com.", RRType.NS, 3600, Wire.Name("ns.sub.example.com."));
    private static readonly RRset Glue = Wire.Set("ns.sub.example.com.", RRType.A, 3600, Wire.A("192.0.2.53"));

    private static ProcessorHarness AnswerHarness(ProtocolOptions? options = null) =>
        new(options, r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(WwwA)]));

    [Fact]
    public void Answer_header_copies_id_opcode_rd_and_sets_qr_aa_never_ra_ad_cd()
    {
        var harness = AnswerHarness();
        byte[] query = new QuerySpec { Id = 0x4242, Rd = true, Cd = true }.Build();

        ResponseReader r = harness.Answer(query);

        Assert.Equal(0x4242, r.Id);
        Assert.True(r.Qr);
        Assert.Equal(0, r.Opcode);
        Assert.True(r.Aa);
        Assert.False(r.Tc);
        Assert.True(r.Rd);
        Assert.False(r.Ra);
        Assert.False(r.Ad);
        Assert.False(r.Cd); // RFC 4035 §3.1.6: cleared in authoritative responses, as Knot and NSD do
        Assert.Equal(RCode.NoError, r.Rcode);
        DecodedRecord a = Assert.Single(r.Answer);
        Assert.Equal(RRType.A, a.Type);
        Assert.Equal(RRClass.IN, a.Class);
        Assert.Equal(300u, a.Ttl);
        Assert.Equal(Wire.A("192.0.2.80"), a.Rdata);
        Assert.Empty(r.Additional);
    }

    [Fact]
    public void Rd_clear_stays_clear()
    {
        ResponseReader r = AnswerHarness().Answer(new QuerySpec { Rd = false }.Build());
        Assert.False(r.Rd);
        Assert.False(r.Ra);
    }

    [Fact]
    public void Question_is_echoed_byte_for_byte_with_0x20_case()
    {
        var harness = AnswerHarness();
        var spec = new QuerySpec { Name = "wWw.ExAmPlE.cOm." };

        ResponseReader r = harness.Answer(spec.Build());

        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.Equal(Wire.Name("wWw.ExAmPlE.cOm."), harness.LastQName); // the engine sees the name as sent
        // The answer owner compresses to the question (case-insensitive match), so it reads back in the query's case.
        Assert.Equal(Wire.Name("wWw.ExAmPlE.cOm."), r.Answer[0].Owner);
    }

    public static TheoryData<LookupOutcome, bool, int> Outcomes => new()
    {
        { LookupOutcome.Answer, true, RCode.NoError },
        { LookupOutcome.NoData, true, RCode.NoError },
        { LookupOutcome.NxDomain, true, RCode.NxDomain },
        { LookupOutcome.Referral, false, RCode.NoError },
        { LookupOutcome.YxDomain, true, RCode.YxDomain },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Outcome_maps_to_rcode_and_aa(LookupOutcome outcome, bool authoritative, int rcode)
    {
        var harness = new ProcessorHarness(fill: r =>
        {
            switch (outcome)
            {
                case LookupOutcome.Answer or LookupOutcome.YxDomain: Fill(r, outcome, authoritative, answer: [Entry(WwwA)]); break;
                case LookupOutcome.Referral: Fill(r, outcome, authoritative, authority: [Entry(DelegationNs)], additional: [Entry(Glue, required: true)]); break;
                default: Fill(r, outcome, authoritative, authority: [Entry(Soa, ttl: 300)]); break;
            }
        });

        ResponseReader r = harness.Answer(new QuerySpec().Build());

        Assert.Equal(rcode, r.Rcode);
        Assert.Equal(authoritative, r.Aa);
        Assert.False(r.Tc);
        switch (outcome)
        {
            case LookupOutcome.Answer or LookupOutcome.YxDomain:
                Assert.Single(r.Answer);
                break;
            case LookupOutcome.Referral:
                Assert.Empty(r.Answer);
                Assert.Equal(RRType.NS, Assert.Single(r.Authority).Type);
                Assert.Equal(RRType.A, Assert.Single(r.Additional).Type);
                break;
            default:
                Assert.Empty(r.Answer);
                DecodedRecord soa = Assert.Single(r.Authority);
                Assert.Equal(RRType.SOA, soa.Type);
                Assert.Equal(300u, soa.Ttl); // entry TTL, not the RRset's
                break;
        }
    }

    [Fact]
    public void Names_in_no_zone_are_refused_without_aa_or_records()
    {
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Refused, false, answer: [Entry(WwwA)]));
        ResponseReader r = harness.Answer(new QuerySpec { Edns = new EdnsSpec() }.Build());
        Assert.Equal(RCode.Refused, r.Rcode);
        Assert.False(r.Aa);
        Assert.Empty(r.Answer);
        Assert.NotNull(r.Question);
        Assert.NotNull(r.Opt);
    }

    [Fact]
    public void The_real_pipeline_refuses_names_when_no_zone_is_loaded()
    {
        var processor = new QueryProcessor(new ServingState(ServingSnapshot.None with { Zones = ZoneSet.Empty }), new ProtocolOptions());
        var buffer = new byte[512];
        int length = processor.Process(new QuerySpec().Build(), buffer, new QueryContext(Transport.Udp, 1, false), new QueryScratch());
        var r = new ResponseReader(buffer.AsSpan(0, length));
        Assert.Equal(RCode.Refused, r.Rcode);
        Assert.False(r.Aa);
    }

    [Fact]
    public void Qr_set_and_short_packets_get_no_reply()
    {
        var harness = AnswerHarness();
        Assert.Equal(0, harness.RawProcess(new QuerySpec { Qr = true }.Build()));
        Assert.Equal(0, harness.RawProcess(new QuerySpec().Build()[..11]));
        Assert.Equal(0, harness.RawProcess([]));
        Assert.Equal(0, harness.LookupCalls);
    }

    public static TheoryData<string, byte[], bool, bool> Malformed => MalformedQueries.Cases();

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_queries_get_formerr_echoing_what_parsed(string name, byte[] packet, bool questionParsed, bool ednsKept)
    {
        var harness = AnswerHarness();

        ResponseReader r = harness.Answer(packet);

        Assert.Equal(RCode.FormErr, r.Rcode);
        Assert.True(r.Qr, name);
        Assert.False(r.Aa, name);
        Assert.Equal(0xBEEF, r.Id);
        Assert.Equal(questionParsed, r.Question is not null);
        if (questionParsed) Assert.Equal(new QuerySpec().QuestionBytes(), r.Question);
        Assert.Equal(ednsKept, r.Opt is not null);
        Assert.Empty(r.Answer);
        Assert.Empty(r.Authority);
        Assert.Equal(0, harness.LookupCalls);
    }

    public static TheoryData<string, byte[]> QueriesWithCd => new()
    {
        { "answer", new QuerySpec { Cd = true }.Build() },
        { "answer with EDNS", new QuerySpec { Cd = true, Edns = new EdnsSpec(DnssecOk: true) }.Build() },
        { "REFUSED (class HS)", new QuerySpec { Cd = true, Class = RRClass.HS }.Build() },
        { "NOTIMP (opcode 15)", new QuerySpec { Cd = true, Opcode = 15 }.Build() },
        { "BADVERS", new QuerySpec { Cd = true, Edns = new EdnsSpec(Version: 1) }.Build() },
        { "FORMERR (trailing byte)", [.. new QuerySpec { Cd = true }.Build(), 0] },
        { "CH TXT", new QuerySpec { Cd = true, Name = "version.bind.", Type = RRType.TXT, Class = RRClass.CH }.Build() },
    };

    [Theory]
    [MemberData(nameof(QueriesWithCd))]
    public void Cd_is_clear_in_every_response(string kind, byte[] query)
    {
        // RFC 4035 §3.1.6: an authoritative server SHOULD clear CD; Knot 3.2 clears it in all of these.
        ResponseReader r = AnswerHarness(new ProtocolOptions { Version = "v" }).Answer(query);
        Assert.False(r.Cd, kind);
    }

    [Theory]
    [InlineData(1)] // IQUERY
    [InlineData(2)] // STATUS
    [InlineData(4)] // NOTIFY
    [InlineData(5)] // UPDATE
    [InlineData(15)]
    public void Other_opcodes_get_notimp_with_opcode_copied(int opcode)
    {
        var harness = AnswerHarness();
        var spec = new QuerySpec { Opcode = opcode, Edns = new EdnsSpec() };

        ResponseReader r = harness.Answer(spec.Build());

        Assert.Equal(RCode.NotImp, r.Rcode);
        Assert.Equal(opcode, r.Opcode);
        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.NotNull(r.Opt);
        Assert.Empty(r.Answer);
        Assert.Equal(0, harness.LookupCalls);
    }

    [Theory]
    [InlineData(6, 0)] // DSO (RFC 8490) has no question
    [InlineData(4, 2)]
    public void Other_opcodes_get_notimp_even_without_exactly_one_question(int opcode, int questions)
    {
        var harness = AnswerHarness();
        byte[] question = new QuerySpec().QuestionBytes();
        byte[] packet = [0xBE, 0xEF, (byte)(opcode << 3), 0, 0, (byte)questions, 0, 0, 0, 0, 0, 0];
        for (int i = 0; i < questions; i++) packet = [.. packet, .. question];

        ResponseReader r = harness.Answer(packet);

        Assert.Equal(RCode.NotImp, r.Rcode);
        Assert.Equal(opcode, r.Opcode);
        Assert.Equal(questions > 0, r.Question is not null);
    }

    [Fact]
    public void A_malformed_message_with_another_opcode_is_still_formerr()
    {
        byte[] packet = [.. new QuerySpec { Opcode = 4 }.Build(), 0xFF];
        Assert.Equal(RCode.FormErr, AnswerHarness().Answer(packet).Rcode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public void Unknown_edns_version_gets_badvers_with_an_opt_of_version_0(byte version)
    {
        var harness = AnswerHarness();
        var spec = new QuerySpec { Edns = new EdnsSpec(Version: version, DnssecOk: true) };

        ResponseReader r = harness.Answer(spec.Build());

        Assert.Equal(0, r.HeaderRcode);
        Assert.Equal(RCode.BadVers, r.Rcode);
        DecodedRecord opt = r.Opt!;
        Assert.Equal(1u, opt.Ttl >> 24);          // extended rcode high bits
        Assert.Equal(0u, (opt.Ttl >> 16) & 0xFF); // version 0
        Assert.Empty(r.Answer);
        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.Equal(0, harness.LookupCalls);
        var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
        Assert.Equal(ARSoft.Tools.Net.Dns.ReturnCode.BadVersion, parsed.ReturnCode);
    }

    [Fact]
    public void No_opt_in_the_reply_without_one_in_the_query()
    {
        ResponseReader r = AnswerHarness().Answer(new QuerySpec().Build());
        Assert.Null(r.Opt);
        Assert.Empty(r.Additional);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Opt_is_last_carries_our_payload_size_and_echoes_do(bool dnssecOk)
    {
        var harness = new ProcessorHarness(new ProtocolOptions { MaxUdpPayload = 1400 },
            r => Fill(r, LookupOutcome.Referral, false, authority: [Entry(DelegationNs)], additional: [Entry(Glue, required: true)]));
        byte[] unknown = EdnsSpec.Option(65001, 9, 9);
        byte[] ecs = EdnsSpec.Option(EdnsOptionCode.ClientSubnet, 0, 1, 24, 0, 198, 51, 100);

        ResponseReader r = harness.Answer(new QuerySpec { Edns = new EdnsSpec(4096, 0, dnssecOk, [.. unknown, .. ecs]) }.Build());

        Assert.Equal(2, r.Additional.Count);
        DecodedRecord opt = r.Additional[^1];
        Assert.Equal(RRType.OPT, opt.Type);
        Assert.Equal(new byte[] { 0 }, opt.Owner);
        Assert.Equal(1400, opt.Class);
        Assert.Equal(dnssecOk, (opt.Ttl & 0x8000) != 0);
        Assert.Equal(0u, opt.Ttl & 0x7FFF);
        // Unknown options are not echoed; ECS is (RFC 7871 §7.2.1), scope 0 for an answer that is not region-specific.
        var option = Assert.Single(r.OptOptions());
        Assert.Equal(EdnsOptionCode.ClientSubnet, option.Code);
        Assert.Equal(new byte[] { 0, 1, 24, 0, 198, 51, 100 }, option.Data);
    }

    public static TheoryData<string?, byte[]?, bool, byte[]?> NsidCases => new()
    {
        // identity, explicit NSID, query asks, expected NSID payload (null = no option)
        { "ns1.fra", null, true, Encoding.UTF8.GetBytes("ns1.fra") },
        { "ns1.fra", null, false, null },
        { null, null, true, null },
        { "ns1.fra", [0xDE, 0xAD], true, [0xDE, 0xAD] },
        { "ns1.fra", [], true, null },
        { null, [1, 2, 3], true, [1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(NsidCases))]
    public void Nsid_is_sent_when_configured_and_asked_for(string? identity, byte[]? nsid, bool asked, byte[]? expected)
    {
        var options = nsid is null ? new ProtocolOptions { Identity = identity } : new ProtocolOptions { Identity = identity, Nsid = nsid };
        var harness = AnswerHarness(options);
        byte[] optionBytes = asked ? EdnsSpec.Option(EdnsOptionCode.Nsid) : [];

        ResponseReader r = harness.Answer(new QuerySpec { Edns = new EdnsSpec(Options: optionBytes) }.Build());

        var options2 = r.OptOptions();
        if (expected is null)
        {
            Assert.Empty(options2);
        }
        else
        {
            var (code, data) = Assert.Single(options2);
            Assert.Equal(EdnsOptionCode.Nsid, code);
            Assert.Equal(expected, data);
            var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
            var option = Assert.IsType<ARSoft.Tools.Net.Dns.NsIdOption>(Assert.Single(parsed.EDnsOptions!.Options));
            Assert.Equal(expected, option.Payload);
        }
    }

    [Fact]
    public void Nsid_is_not_sent_without_edns()
    {
        ResponseReader r = AnswerHarness(new ProtocolOptions { Identity = "x" }).Answer(new QuerySpec().Build());
        Assert.Null(r.Opt);
    }

    public static TheoryData<string, ushort, string?, string?, int, string?> ChaosCases => new()
    {
        // qname, qtype, Version, Identity, rcode, TXT text
        { "version.bind.", RRType.TXT, "GeoDns 1.0", null, RCode.NoError, "GeoDns 1.0" },
        { "VERSION.Bind.", RRType.TXT, "GeoDns 1.0", null, RCode.NoError, "GeoDns 1.0" },
        { "version.server.", RRType.TXT, "GeoDns 1.0", null, RCode.NoError, "GeoDns 1.0" },
        { "id.server.", RRType.TXT, null, "ns1.fra", RCode.NoError, "ns1.fra" },
        { "hostname.bind.", RRType.TXT, null, "ns1.fra", RCode.NoError, "ns1.fra" },
        { "version.bind.", RRType.TXT, null, "ns1.fra", RCode.Refused, null },
        { "id.server.", RRType.TXT, "GeoDns 1.0", null, RCode.Refused, null },
        { "authors.bind.", RRType.TXT, "GeoDns 1.0", "ns1.fra", RCode.Refused, null },
        { "version.bind.", RRType.A, "GeoDns 1.0", "ns1.fra", RCode.Refused, null },
        { "version.bind.", RRType.ANY, "GeoDns 1.0", "ns1.fra", RCode.Refused, null },
    };

    [Theory]
    [MemberData(nameof(ChaosCases))]
    public void Chaos_class_server_queries(string qname, ushort qtype, string? version, string? identity, int rcode, string? text)
    {
        var harness = AnswerHarness(new ProtocolOptions { Version = version, Identity = identity });
        var spec = new QuerySpec { Name = qname, Type = qtype, Class = RRClass.CH };

        ResponseReader r = harness.Answer(spec.Build());

        Assert.Equal(rcode, r.Rcode);
        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.Equal(0, harness.LookupCalls);
        if (text is null)
        {
            Assert.Empty(r.Answer);
            Assert.False(r.Aa);
            return;
        }
        Assert.False(r.Aa); // as Knot and NSD: no CHAOS zone, so not authoritative
        DecodedRecord txt = Assert.Single(r.Answer);
        Assert.Equal(RRType.TXT, txt.Type);
        Assert.Equal(RRClass.CH, txt.Class);
        Assert.Equal(Wire.Name(qname), txt.Owner);
        Assert.Equal(Wire.Txt(text), txt.Rdata);
    }

    [Fact]
    public void Long_chaos_text_is_split_into_255_byte_strings()
    {
        string version = new('v', 300);
        ResponseReader r = AnswerHarness(new ProtocolOptions { Version = version })
            .Answer(new QuerySpec { Name = "version.bind.", Type = RRType.TXT, Class = RRClass.CH, Edns = new EdnsSpec() }.Build());
        Assert.Equal(Wire.Txt(new string('v', 255), new string('v', 45)), Assert.Single(r.Answer).Rdata);
    }

    [Theory]
    [InlineData(RRClass.HS)]
    [InlineData(RRClass.NONE)]
    [InlineData((ushort)2)]
    [InlineData((ushort)0)]
    [InlineData((ushort)4242)]
    public void Other_classes_are_refused(ushort qclass)
    {
        var harness = AnswerHarness();
        ResponseReader r = harness.Answer(new QuerySpec { Class = qclass }.Build());
        Assert.Equal(RCode.Refused, r.Rcode);
        Assert.Empty(r.Answer);
        Assert.NotNull(r.Question);
        Assert.Equal(0, harness.LookupCalls);
    }

    [Fact]
    public void Class_any_is_answered_from_the_in_data_as_knot_does()
    {
        var harness = AnswerHarness();
        ResponseReader r = harness.Answer(new QuerySpec { Class = RRClass.ANY }.Build());
        Assert.Equal(RCode.NoError, r.Rcode);
        Assert.Equal(RRClass.IN, Assert.Single(r.Answer).Class);
        Assert.Equal(1, harness.LookupCalls);
    }

    [Theory]
    [InlineData(RRType.AXFR)]
    [InlineData(RRType.IXFR)]
    public void Transfers_are_refused(ushort qtype)
    {
        var harness = AnswerHarness();
        ResponseReader r = harness.Answer(new QuerySpec { Type = qtype }.Build(), Transport.Tcp);
        Assert.Equal(RCode.Refused, r.Rcode);
        Assert.Empty(r.Answer);
        Assert.Equal(0, harness.LookupCalls);
    }

    [Theory]
    [InlineData(RRType.MAILA)]
    [InlineData(RRType.MAILB)]
    [InlineData((ushort)128)]
    [InlineData((ushort)249)] // TKEY as a QTYPE
    [InlineData((ushort)250)] // TSIG as a QTYPE
    [InlineData(RRType.OPT)]
    public void Meta_qtypes_go_to_the_lookup_as_knot_and_nsd_do(ushort qtype)
    {
        var harness = AnswerHarness();
        harness.Answer(new QuerySpec { Type = qtype }.Build(), Transport.Tcp);
        Assert.Equal(1, harness.LookupCalls);
        Assert.Equal(qtype, harness.LastQType);
    }

    [Fact]
    public void Qtype_any_goes_to_the_lookup()
    {
        var harness = AnswerHarness();
        harness.Answer(new QuerySpec { Type = RRType.ANY }.Build());
        Assert.Equal(1, harness.LookupCalls);
        Assert.Equal(RRType.ANY, harness.LastQType);
    }

    [Fact]
    public void An_exception_in_lookup_is_servfail_with_question_and_opt_and_is_reported()
    {
        var harness = new ProcessorHarness(fill: _ => throw new InvalidOperationException("boom"));
        var seen = new List<Exception>();
        harness.Processor.QueryFailed += seen.Add;
        var spec = new QuerySpec { Edns = new EdnsSpec(DnssecOk: true) };

        ResponseReader r = harness.Answer(spec.Build());

        Assert.Equal(RCode.ServFail, r.Rcode);
        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.NotNull(r.Opt);
        Assert.Empty(r.Answer);
        Assert.Equal(1, harness.Processor.FailureCount);
        Assert.Equal("boom", Assert.Single(seen).Message);
    }

    [Fact]
    public void A_throwing_failure_handler_does_not_escape()
    {
        var harness = new ProcessorHarness(fill: _ => throw new InvalidOperationException("boom"));
        harness.Processor.QueryFailed += _ => throw new InvalidOperationException("handler");
        ResponseReader r = harness.Answer(new QuerySpec().Build());
        Assert.Equal(RCode.ServFail, r.Rcode);
    }

    [Fact]
    public void Malformed_rdata_in_zone_data_is_servfail()
    {
        RRset broken = Wire.Set("www.example.com.", RRType.NS, 60, [3, (byte)'n', (byte)'s']);
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(broken)]));
        ResponseReader r = harness.Answer(new QuerySpec().Build());
        Assert.Equal(RCode.ServFail, r.Rcode);
        Assert.Empty(r.Answer);
        Assert.Equal(1, harness.Processor.FailureCount);
    }

    [Fact]
    public void A_lookup_without_outcome_is_servfail()
    {
        var harness = new ProcessorHarness(fill: _ => { });
        Assert.Equal(RCode.ServFail, harness.Answer(new QuerySpec().Build()).Rcode);
    }

    [Fact]
    public void Scratch_is_reused_across_queries_without_leaking_records()
    {
        int call = 0;
        var harness = new ProcessorHarness(fill: r =>
        {
            if (call++ == 0) Fill(r, LookupOutcome.Answer, true, answer: [Entry(WwwA)], additional: [Entry(Glue)]);
            else Fill(r, LookupOutcome.NxDomain, true, authority: [Entry(Soa)]);
        });
        Assert.Single(harness.Answer(new QuerySpec().Build()).Answer);
        ResponseReader second = harness.Answer(new QuerySpec { Name = "nope.example.com." }.Build());
        Assert.Empty(second.Answer);
        Assert.Empty(second.Additional);
        Assert.Single(second.Authority);
    }

    [Fact]
    public void A_buffer_smaller_than_a_header_gets_no_reply()
    {
        Assert.Equal(0, AnswerHarness().RawProcess(new QuerySpec().Build(), Transport.Udp, bufferLength: 11));
    }
}
