using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using static GeoDns.Core.Tests.Protocol.ProcessorHarness;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>Name compression and section writing, through QueryProcessor with hand-built lookup results.</summary>
public sealed class ResponseWriterTests
{
    private static ResponseReader Respond(SectionEntry[] answer, SectionEntry[]? authority = null, SectionEntry[]? additional = null,
        QuerySpec? spec = null, Action<LookupResult>? prepare = null, bool authoritative = true)
    {
        var harness = new ProcessorHarness(fill: r =>
        {
            prepare?.Invoke(r);
            Fill(r, LookupOutcome.Answer, authoritative, answer, authority, additional);
        });
        return harness.Answer((spec ?? new QuerySpec()).Build());
    }

    private static int Pointer(byte[] message, int offset) =>
        (message[offset] & 0xC0) == 0xC0 ? ((message[offset] & 0x3F) << 8) | message[offset + 1] : -1;

    [Fact]
    public void Owner_equal_to_the_qname_is_a_pointer_to_offset_12()
    {
        RRset set = Wire.Set("www.example.com.", RRType.A, 60, Wire.A("192.0.2.1"), Wire.A("192.0.2.2"));
        ResponseReader r = Respond([Entry(set)]);

        int firstOwner = 12 + r.Question!.Length;
        Assert.Equal(12, Pointer(r.Bytes, firstOwner));
        Assert.Equal(2, r.Answer.Count);
        Assert.All(r.Answer, a => Assert.Equal("www.example.com.", a.OwnerText));
        // header + question + 2 * (pointer + fixed + 4 bytes of RDATA)
        Assert.Equal(12 + r.Question.Length + 2 * (2 + 10 + 4), r.Length);
    }

    [Fact]
    public void Compression_is_case_insensitive_and_may_point_into_the_question()
    {
        var spec = new QuerySpec { Name = "WWW.Example.COM.", Type = RRType.MX };
        RRset mx = Wire.Set("www.example.com.", RRType.MX, 60, Wire.Mx(10, "mail.EXAMPLE.com."));
        ResponseReader r = Respond([Entry(mx)], spec: spec);

        DecodedRecord rec = Assert.Single(r.Answer);
        Assert.Equal(2 + 1 + 4 + 2, rec.WireRdataLength); // preference, "mail" label, pointer
        int pointer = Pointer(r.Bytes, rec.RdataOffset + 2 + 5);
        Assert.Equal(12 + 4, pointer); // "Example.COM." inside the question
        Assert.Equal(Wire.Mx(10, "mail.Example.COM."), rec.Rdata); // the case of the compressed suffix is the question's
    }

    [Fact]
    public void Names_in_ns_cname_ptr_soa_rdata_are_compressed_and_decode_identically()
    {
        RRset cname = Wire.Set("www.example.com.", RRType.CNAME, 60, Wire.Name("web.example.com."));
        RRset ns = Wire.Set("example.com.", RRType.NS, 60, Wire.Name("ns1.example.com."), Wire.Name("ns2.example.com."));
        RRset soa = Wire.Set("example.com.", RRType.SOA, 60, Wire.Soa("ns1.example.com.", "hostmaster.example.com.", 7));
        RRset ptr = Wire.Set("web.example.com.", RRType.PTR, 60, Wire.Name("www.example.com."));

        ResponseReader r = Respond([Entry(cname), Entry(ptr)], authority: [Entry(ns), Entry(soa)]);

        Assert.Equal(Wire.Name("web.example.com."), r.Answer[0].Rdata);
        Assert.Equal(4 + 2, r.Answer[0].WireRdataLength); // "web" + pointer to example.com
        Assert.Equal("web.example.com.", r.Answer[1].OwnerText);
        Assert.Equal(2, r.Answer[1].WireRdataLength); // whole name is the question
        Assert.Equal(Wire.Name("ns1.example.com."), r.Authority[0].Rdata);
        Assert.Equal(Wire.Name("ns2.example.com."), r.Authority[1].Rdata);
        Assert.Equal(Wire.Soa("ns1.example.com.", "hostmaster.example.com.", 7), r.Authority[2].Rdata);
        Assert.Equal(2 + 11 + 2 + 20, r.Authority[2].WireRdataLength); // ns1 → pointer, "hostmaster"+pointer, numbers

        var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
        var arCname = Assert.IsType<ARSoft.Tools.Net.Dns.CNameRecord>(parsed.AnswerRecords[0]);
        Assert.Equal("web.example.com.", arCname.CanonicalName.ToString(), ignoreCase: true);
        var arSoa = Assert.IsType<ARSoft.Tools.Net.Dns.SoaRecord>(parsed.AuthorityRecords[2]);
        Assert.Equal("hostmaster.example.com.", arSoa.ResponsibleName.ToString(), ignoreCase: true);
        Assert.Equal(7u, arSoa.SerialNumber);
    }

    [Fact]
    public void Rdata_of_other_types_is_copied_verbatim_dname_target_and_srv_target_uncompressed()
    {
        byte[] dname = Wire.Name("example.com.");
        byte[] srv = Wire.Srv(1, 2, 443, "www.example.com.");
        byte[] txt = Wire.Txt("www.example.com");
        RRset d = Wire.Set("example.com.", RRType.DNAME, 60, dname);
        RRset s = Wire.Set("_x._tcp.example.com.", RRType.SRV, 60, srv);
        RRset t = Wire.Set("www.example.com.", RRType.TXT, 60, txt);

        ResponseReader r = Respond([Entry(d), Entry(s), Entry(t)]);

        Assert.Equal(dname, r.Answer[0].Rdata);
        Assert.Equal(dname.Length, r.Answer[0].WireRdataLength);
        Assert.Equal(srv, r.Answer[1].Rdata);
        Assert.Equal(srv.Length, r.Answer[1].WireRdataLength);
        Assert.Equal(txt, r.Answer[2].Rdata);
    }

    [Fact]
    public void Synthesized_cname_and_names_owner_come_from_the_lookup_names_buffer()
    {
        // www.example.com DNAME example.net: the CNAME www.example.com → www.example.net, then the A at a wildcard owner.
        RRset dname = Wire.Set("example.com.", RRType.DNAME, 300, Wire.Name("example.net."));
        RRset wildA = Wire.Set("*.example.net.", RRType.A, 60, Wire.A("198.51.100.7"));
        byte[] qname = Wire.Name("www.example.com.");
        byte[] target = Wire.Name("www.example.net.");

        ResponseReader r = Respond([], prepare: res =>
        {
            qname.CopyTo(res.Names, 0);
            target.CopyTo(res.Names, qname.Length);
            res.NamesLength = qname.Length + target.Length;
            res.Answer[0] = Entry(dname);
            res.Answer[1] = new SectionEntry
            {
                Set = dname, Ttl = 300, SynthesizedCname = true,
                OwnerStart = 0, OwnerLength = qname.Length,
                TargetStart = qname.Length, TargetLength = target.Length,
            };
            res.Answer[2] = new SectionEntry { Set = wildA, Ttl = 60, OwnerStart = qname.Length, OwnerLength = target.Length };
            res.AnswerCount = 3;
        });

        Assert.Equal(3, r.Answer.Count);
        Assert.Equal(RRType.DNAME, r.Answer[0].Type);
        DecodedRecord cname = r.Answer[1];
        Assert.Equal(RRType.CNAME, cname.Type);
        Assert.Equal(RRClass.IN, cname.Class);
        Assert.Equal(300u, cname.Ttl);
        Assert.Equal("www.example.com.", cname.OwnerText);
        Assert.Equal(target, cname.Rdata);
        Assert.Equal(target.Length, cname.WireRdataLength); // nothing earlier to point at: a DNAME target is never a compression target
        Assert.Equal("www.example.net.", r.Answer[2].OwnerText);
        Assert.Equal(cname.RdataOffset, Pointer(r.Bytes, r.Answer[2].RdataOffset - 12)); // but the CNAME target is
        Assert.Equal(Wire.A("198.51.100.7"), r.Answer[2].Rdata);

        var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
        Assert.Equal(3, parsed.AnswerRecords.Count);
        Assert.Equal("www.example.net.", parsed.AnswerRecords[2].Name.ToString(), ignoreCase: true);
    }

    [Fact]
    public void Owner_names_compress_against_earlier_owners_and_rdata_names()
    {
        RRset ns = Wire.Set("example.com.", RRType.NS, 60, Wire.Name("ns1.example.com."));
        RRset glue = Wire.Set("ns1.example.com.", RRType.A, 60, Wire.A("192.0.2.53"));
        ResponseReader r = Respond([], authority: [Entry(ns)], additional: [Entry(glue)], spec: new QuerySpec { Name = "a.b.example.com." });

        DecodedRecord a = Assert.Single(r.Additional);
        Assert.Equal("ns1.example.com.", a.OwnerText);
        int ownerOffset = a.RdataOffset - 10 - 2;
        Assert.Equal(r.Authority[0].RdataOffset, Pointer(r.Bytes, ownerOffset)); // points at "ns1" inside the NS RDATA
    }

    private static RRset BigTxt(string owner, int records, int stringLength)
    {
        var rdatas = new byte[records][];
        for (int i = 0; i < records; i++) rdatas[i] = Wire.Txt(new string((char)('a' + i % 26), stringLength));
        return Wire.Set(owner, RRType.TXT, 60, rdatas);
    }

    /// <summary>Wire size of one TXT record with a compressed owner: pointer, fixed part, RDATA.</summary>
    private static int TxtRecordSize(int stringLength) => 2 + 10 + 1 + stringLength;

    [Fact]
    public void Udp_without_edns_truncates_at_512_and_never_sends_a_partial_rrset()
    {
        RRset big = BigTxt("www.example.com.", 3, 200); // ~650 bytes
        RRset soa = Wire.Set("example.com.", RRType.SOA, 60, Wire.Soa("ns1.example.com.", "h.example.com.", 1));
        ResponseReader r = Respond([Entry(big)], authority: [Entry(soa)], spec: new QuerySpec { Type = RRType.TXT });

        Assert.True(r.Tc);
        Assert.Empty(r.Answer);
        Assert.Empty(r.Authority); // later sections are dropped too
        Assert.True(r.Length <= 512);
        Assert.NotNull(r.Question);
    }

    [Fact]
    public void Rrsets_before_the_one_that_does_not_fit_are_kept()
    {
        RRset small = Wire.Set("www.example.com.", RRType.TXT, 60, Wire.Txt("hello"));
        RRset big = BigTxt("big.example.com.", 3, 200);
        ResponseReader r = Respond([Entry(small), Entry(big)], spec: new QuerySpec { Type = RRType.TXT });

        Assert.True(r.Tc);
        Assert.Equal(Wire.Txt("hello"), Assert.Single(r.Answer).Rdata);
        Assert.True(r.Length <= 512);
    }

    public static TheoryData<ushort?, int, int, bool> SizeCases => new()
    {
        // client EDNS size (null = no EDNS), server max, records of 100-byte TXT, expect TC
        { null, 1232, 4, false },   // 12+21+4*113 = 485 ≤ 512
        { null, 1232, 5, true },    // 598 > 512
        { 4096, 1232, 10, false },  // 1175 + OPT 11 = 1186 ≤ 1232
        { 4096, 1232, 11, true },   // 1288 > 1232
        { 1000, 1232, 8, false },   // 949 + 11 = 960 ≤ 1000
        { 1000, 1232, 9, true },    // 1062 > 1000
        { 100, 1232, 4, false },    // client size below 512 counts as 512: 485 + 11 = 496
        { 100, 1232, 5, true },
        { 4096, 4096, 30, false },  // 3423 + 11 ≤ 4096
        { 4096, 4096, 36, true },   // 4101 > 4096
        { 4096, 300, 4, false },    // a server max below 512 is treated as 512
    };

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void Udp_payload_is_min_of_client_and_server_but_at_least_512(ushort? clientSize, int serverMax, int records, bool truncated)
    {
        RRset big = BigTxt("www.example.com.", records, 100);
        var spec = new QuerySpec { Type = RRType.TXT, Edns = clientSize is null ? null : new EdnsSpec(clientSize.Value) };
        var harness = new ProcessorHarness(new ProtocolOptions { MaxUdpPayload = serverMax },
            r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(big)]));

        ResponseReader r = harness.Answer(spec.Build());

        int limit = clientSize is null ? 512 : Math.Max(512, Math.Min(clientSize.Value, Math.Max(512, serverMax)));
        Assert.Equal(truncated, r.Tc);
        Assert.Equal(truncated ? 0 : records, r.Answer.Count);
        Assert.True(r.Length <= limit, $"{r.Length} > {limit}");
        Assert.Equal(clientSize is not null, r.Opt is not null); // the OPT always fits
        if (!truncated) Assert.Equal(12 + 21 + records * TxtRecordSize(100) + (clientSize is null ? 0 : 11), r.Length);
    }

    [Fact]
    public void A_response_buffer_smaller_than_the_payload_size_is_respected()
    {
        RRset big = BigTxt("www.example.com.", 8, 100); // 12 + 21 + 8 * 113 + 11 = 948
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(big)]));
        byte[] query = new QuerySpec { Type = RRType.TXT, Edns = new EdnsSpec(4096) }.Build();

        int length = harness.RawProcess(query, Transport.Udp, bufferLength: 700);
        ResponseReader r = harness.RawProcessResult(length);

        Assert.True(r.Tc);
        Assert.Empty(r.Answer); // one RRset: all or nothing
        Assert.True(length <= 700);
    }

    [Fact]
    public void A_configured_maximum_below_512_is_raised_to_512()
    {
        var harness = new ProcessorHarness(new ProtocolOptions { MaxUdpPayload = 300 },
            r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(BigTxt("www.example.com.", 4, 100))]));
        ResponseReader r = harness.Answer(new QuerySpec { Type = RRType.TXT, Edns = new EdnsSpec(4096) }.Build());
        Assert.Equal(512, r.Opt!.Class);
        Assert.False(r.Tc); // 496 bytes fit in 512
    }

    [Fact]
    public void Opt_space_is_reserved_so_a_nearly_full_answer_still_gets_its_opt()
    {
        // 12 + 21 + 4 * 113 = 485; one more 18-byte record would end at 503 ≤ 512 but leave no room for the 11-byte OPT.
        RRset four = BigTxt("www.example.com.", 4, 100);
        RRset fill = Wire.Set("www.example.com.", RRType.TXT, 60, Wire.Txt("hello")); // 18 bytes: ends at 503
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(four), Entry(fill)]));

        ResponseReader r = harness.Answer(new QuerySpec { Type = RRType.TXT, Edns = new EdnsSpec(512) }.Build());

        Assert.True(r.Tc);
        Assert.Equal(4, r.Answer.Count);
        Assert.NotNull(r.Opt);
        Assert.True(r.Length <= 512);
    }

    [Fact]
    public void Tcp_replies_are_not_limited_to_the_udp_size()
    {
        RRset big = BigTxt("www.example.com.", 200, 250); // ~53 KB
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(big)]));

        ResponseReader r = harness.Answer(new QuerySpec { Type = RRType.TXT }.Build(), Transport.Tcp);

        Assert.False(r.Tc);
        Assert.Equal(200, r.Answer.Count);
        Assert.True(r.Length > 50_000);
    }

    [Fact]
    public void Tcp_replies_stop_at_65535_bytes()
    {
        RRset big = BigTxt("www.example.com.", 300, 250); // ~79 KB
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(big)]));

        ResponseReader r = harness.Answer(new QuerySpec { Type = RRType.TXT }.Build(), Transport.Tcp);

        Assert.True(r.Tc);
        Assert.Empty(r.Answer);
    }

    [Fact]
    public void Optional_additional_data_that_does_not_fit_is_left_out_without_tc()
    {
        RRset ns = Wire.Set("example.com.", RRType.NS, 60, Wire.Name("ns1.example.com."));
        RRset bigExtra = BigTxt("extra.example.com.", 3, 200);
        RRset smallExtra = Wire.Set("ns1.example.com.", RRType.A, 60, Wire.A("192.0.2.53"));

        ResponseReader r = Respond([Entry(ns)], additional: [Entry(bigExtra), Entry(smallExtra)]);

        Assert.False(r.Tc);
        Assert.Single(r.Answer);
        DecodedRecord a = Assert.Single(r.Additional); // the big optional one is skipped, the small one after it still goes in
        Assert.Equal("ns1.example.com.", a.OwnerText);
    }

    [Fact]
    public void Required_glue_that_does_not_fit_sets_tc()
    {
        RRset ns = Wire.Set("sub.example.com.", RRType.NS, 60, Wire.Name("ns.sub.example.com."));
        RRset glue = BigTxt("ns.sub.example.com.", 3, 200); // stands in for a glue RRset too large for 512
        var harness = new ProcessorHarness(fill: r => Fill(r, LookupOutcome.Referral, false,
            authority: [Entry(ns)], additional: [Entry(glue, required: true)]));

        ResponseReader r = harness.Answer(new QuerySpec { Name = "www.sub.example.com." }.Build());

        Assert.True(r.Tc);
        Assert.False(r.Aa);
        Assert.Single(r.Authority);
        Assert.Empty(r.Additional);
    }

    [Fact]
    public void A_dropped_rrset_leaves_no_compression_targets_behind()
    {
        // The dropped optional RRset's first records fit and introduce "zzz.example.com."; the next RRset has
        // the same owner. If the table kept the dropped entry, that owner would point at itself.
        RRset dropped = BigTxt("zzz.example.com.", 3, 200);
        RRset later = Wire.Set("zzz.example.com.", RRType.A, 60, Wire.A("192.0.2.1"));

        ResponseReader r = Respond([Entry(Wire.Set("www.example.com.", RRType.A, 60, Wire.A("192.0.2.2")))],
            additional: [Entry(dropped), Entry(later)]);

        DecodedRecord a = Assert.Single(r.Additional);
        Assert.Equal("zzz.example.com.", a.OwnerText);
        var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
        Assert.Equal("zzz.example.com.", parsed.AdditionalRecords[0].Name.ToString(), ignoreCase: true);
    }

    [Fact]
    public void Many_distinct_names_decode_identically_with_arsoft()
    {
        var additional = new List<SectionEntry>();
        for (int i = 0; i < 45; i++)
            additional.Add(Entry(Wire.Set($"host{i}.zone{i % 7}.example.com.", RRType.A, 60, Wire.A($"192.0.2.{i}"))));
        RRset ns = Wire.Set("example.com.", RRType.NS, 60, Wire.Name("ns1.example.com."));

        ResponseReader r = Respond([Entry(ns)], additional: [.. additional], spec: new QuerySpec { Edns = new EdnsSpec(4096) });

        Assert.Equal(46, r.Additional.Count); // 45 A + OPT, about 1.1 KB
        Assert.False(r.Tc);
        var parsed = ARSoft.Tools.Net.Dns.DnsMessage.Parse(r.Bytes);
        for (int i = 0; i < 45; i++)
        {
            var rec = Assert.IsType<ARSoft.Tools.Net.Dns.ARecord>(parsed.AdditionalRecords[i]);
            Assert.Equal($"host{i}.zone{i % 7}.example.com.", rec.Name.ToString(), ignoreCase: true);
            Assert.Equal($"192.0.2.{i}", rec.Address.ToString());
        }
    }
}
