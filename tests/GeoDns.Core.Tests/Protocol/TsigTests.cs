using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// TSIG-signed queries (RFC 8945). We hold no keys: a well-formed TSIG as the last additional
/// record gets NOTAUTH with an unsigned TSIG RR carrying error BADKEY (§5.2.2, §5.3.2), exactly as
/// Knot 3.2 and NSD 4.6 reply; a TSIG anywhere else or one that cannot be read is FORMERR (§5.2).
/// Before, GeoDns ignored the TSIG and answered unsigned, which the client must reject.
/// </summary>
public sealed class TsigTests
{
    private static readonly byte[] Mac = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static readonly RRset WwwA = new(Wire.Name("www.example.com."), RRType.A, RRClass.IN, 300, [0, 4, 192, 0, 2, 80], 1);

    private static ProcessorHarness Harness() =>
        new(null, r => ProcessorHarness.Fill(r, LookupOutcome.Answer, true, answer: [ProcessorHarness.Entry(WwwA)]));

    /// <summary>TSIG RDATA: algorithm, time signed 0x0000692A9B80, fudge 300, MAC, original ID, error 0, no other data.</summary>
    private static byte[] TsigRdata(string algorithm = "hmac-sha256.", ushort originalId = 0xBEEF, byte[]? mac = null)
    {
        mac ??= Mac;
        return [.. Wire.Name(algorithm), 0, 0, 0x69, 0x2A, 0x9B, 0x80, .. Wire.U16(300), .. Wire.U16((ushort)mac.Length), .. mac,
            .. Wire.U16(originalId), 0, 0, 0, 0];
    }

    private static byte[] TsigRecord(byte[] owner, byte[]? rdata = null, ushort @class = RRClass.ANY, uint ttl = 0)
    {
        rdata ??= TsigRdata();
        return [.. owner, .. Wire.U16(RRType.TSIG), .. Wire.U16(@class), .. Wire.U32(ttl), .. Wire.U16((ushort)rdata.Length), .. rdata];
    }

    /// <summary>Appends <paramref name="record"/> to <paramref name="query"/>'s additional section (or answer section).</summary>
    private static byte[] Append(byte[] query, byte[] record, int countOffset = 10)
    {
        byte[] signed = [.. query, .. record];
        int count = (signed[countOffset] << 8 | signed[countOffset + 1]) + 1;
        signed[countOffset] = (byte)(count >> 8);
        signed[countOffset + 1] = (byte)count;
        return signed;
    }

    /// <summary>The RDATA we expect back: algorithm, time and fudge copied, MAC size 0, original ID, BADKEY, no other data.</summary>
    private static byte[] BadKeyRdata(string algorithm = "hmac-sha256.", ushort originalId = 0xBEEF) =>
        [.. Wire.Name(algorithm), 0, 0, 0x69, 0x2A, 0x9B, 0x80, .. Wire.U16(300), 0, 0, .. Wire.U16(originalId), 0, 17, 0, 0];

    [Fact]
    public void Parser_reads_a_tsig_that_is_the_last_additional_record()
    {
        var spec = new QuerySpec { Edns = new EdnsSpec() };
        byte[] query = Append(spec.Build(), TsigRecord(Wire.Name("key.example.")));

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));

        Assert.True(parsed.HasTsig);
        Assert.True(parsed.HasEdns);
        Assert.Equal(Wire.Name("hmac-sha256.").Length, parsed.TsigAlgorithmLength);
        Assert.Equal(Wire.Name("key.example."), query.AsSpan(parsed.TsigOwnerOffset, Wire.Name("key.example.").Length).ToArray());
    }

    public static TheoryData<string, byte[]> MisplacedOrBrokenTsig
    {
        get
        {
            byte[] plain = new QuerySpec().Build();
            byte[] key = Wire.Name("key.");
            byte[] opt = new EdnsSpec().Encode();
            return new()
            {
                { "before the OPT", Append(Append(plain, TsigRecord(key)), opt) },
                { "two TSIGs", Append(Append(plain, TsigRecord(key)), TsigRecord(key)) },
                { "in the answer section", Append(plain, TsigRecord(key), countOffset: 6) },
                { "in the authority section", Append(plain, TsigRecord(key), countOffset: 8) },
                { "class IN", Append(plain, TsigRecord(key, @class: RRClass.IN)) },
                { "TTL not 0", Append(plain, TsigRecord(key, ttl: 5)) },
                { "empty RDATA", Append(plain, TsigRecord(key, [])) },
                { "MAC longer than the RDATA", Append(plain, TsigRecord(key, TsigRdata()[..40])) },
                { "bytes after the other data", Append(plain, TsigRecord(key, [.. TsigRdata(), 0])) },
            };
        }
    }

    [Theory]
    [MemberData(nameof(MisplacedOrBrokenTsig))]
    public void Misplaced_or_unreadable_tsig_is_formerr(string kind, byte[] query)
    {
        var harness = Harness();
        ResponseReader r = harness.Answer(query);
        Assert.True(RCode.FormErr == r.Rcode, kind);
        Assert.Empty(r.Answer);
        Assert.Equal(0, harness.LookupCalls);
    }

    [Fact]
    public void Signed_query_gets_notauth_with_an_unsigned_badkey_tsig()
    {
        var harness = Harness();
        var spec = new QuerySpec { Id = 0x1234 };
        byte[] query = Append(spec.Build(), TsigRecord(Wire.Name("nokey."), TsigRdata(originalId: 0x1234)));

        ResponseReader r = harness.Answer(query);

        Assert.Equal(RCode.NotAuth, r.Rcode);
        Assert.False(r.Aa);
        Assert.False(r.Tc);
        Assert.Equal(spec.QuestionBytes(), r.Question);
        Assert.Empty(r.Answer);
        Assert.Equal(0, harness.LookupCalls);
        DecodedRecord tsig = Assert.Single(r.Additional);
        Assert.Equal(Wire.Name("nokey."), tsig.Owner);
        Assert.Equal(RRType.TSIG, tsig.Type);
        Assert.Equal(RRClass.ANY, tsig.Class);
        Assert.Equal(0u, tsig.Ttl);
        Assert.Equal(BadKeyRdata(originalId: 0x1234), tsig.Rdata);
    }

    [Fact]
    public void With_edns_the_opt_comes_before_the_tsig()
    {
        var spec = new QuerySpec { Edns = new EdnsSpec(DnssecOk: true) };
        byte[] query = Append(spec.Build(), TsigRecord(Wire.Name("Key.Example."), TsigRdata("HMAC-SHA1.", 0x0102, new byte[20])));

        ResponseReader r = Harness().Answer(query, Transport.Tcp);

        Assert.Equal(RCode.NotAuth, r.Rcode);
        Assert.Equal(2, r.Additional.Count);
        Assert.Equal(RRType.OPT, r.Additional[0].Type);
        Assert.Equal(RRType.TSIG, r.Additional[1].Type);
        Assert.Equal(Wire.Name("Key.Example."), r.Additional[1].Owner);
        Assert.Equal(BadKeyRdata("HMAC-SHA1.", 0x0102), r.Additional[1].Rdata);
    }

    [Fact]
    public void A_compressed_key_name_is_written_out_in_full()
    {
        // Owner "key" + pointer to "example.com." inside the question (offset 12 + 4: after "www").
        byte[] owner = [3, (byte)'k', (byte)'e', (byte)'y', 0xC0, 16];
        byte[] query = Append(new QuerySpec().Build(), TsigRecord(owner));

        ResponseReader r = Harness().Answer(query);

        Assert.Equal(RCode.NotAuth, r.Rcode);
        Assert.Equal(Wire.Name("key.example.com."), Assert.Single(r.Additional).Owner);
    }

    [Fact]
    public void Signed_chaos_query_is_notauth_too()
    {
        var harness = new ProcessorHarness(new ProtocolOptions { Version = "v" });
        byte[] query = Append(new QuerySpec { Name = "version.bind.", Type = RRType.TXT, Class = RRClass.CH }.Build(),
            TsigRecord(Wire.Name("k.")));
        Assert.Equal(RCode.NotAuth, harness.Answer(query).Rcode);
    }
}
