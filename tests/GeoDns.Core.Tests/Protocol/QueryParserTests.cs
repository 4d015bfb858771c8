using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;


namespace GeoDns.Core.Tests.Protocol;

public sealed class QueryParserTests
{
    private static readonly byte[] Plain = new QuerySpec().Build();

    [Fact]
    public void Parses_header_and_question()
    {
        byte[] query = new QuerySpec { Id = 0x0A0B, Name = "WwW.Example.COM.", Type = RRType.AAAA, Cd = true }.Build();

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));

        Assert.Equal(0x0A0B, parsed.Id);
        Assert.True(parsed.HasQuestion);
        Assert.Equal(17, parsed.QNameLength);
        Assert.Equal(RRType.AAAA, parsed.QType);
        Assert.Equal(RRClass.IN, parsed.QClass);
        Assert.Equal(0, parsed.Opcode);
        Assert.True(parsed.RecursionDesired);
        Assert.True(parsed.CheckingDisabled);
        Assert.False(parsed.HasEdns);
    }

    [Fact]
    public void Parses_opt_fields()
    {
        byte[] options = [.. EdnsSpec.Option(EdnsOptionCode.Nsid), .. EdnsSpec.Option(65001, 1, 2, 3), .. EdnsSpec.Option(EdnsOptionCode.ClientSubnet, 0, 1, 24, 0, 192, 0, 2)];
        byte[] query = new QuerySpec { Edns = new EdnsSpec(4096, 0, true, options) }.Build();

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));

        Assert.True(parsed.HasEdns);
        Assert.Equal(4096, parsed.EdnsUdpSize);
        Assert.Equal(0, parsed.EdnsVersion);
        Assert.True(parsed.DnssecOk);
        Assert.True(parsed.NsidRequested);
    }

    [Fact]
    public void Edns_version_is_reported_not_rejected_by_the_parser()
    {
        byte[] query = new QuerySpec { Edns = new EdnsSpec(Version: 1) }.Build();
        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));
        Assert.Equal(1, parsed.EdnsVersion);
        Assert.False(parsed.NsidRequested);
    }

    public static TheoryData<string, byte[]> Dropped => new()
    {
        { "empty", [] },
        { "11 bytes", Plain[..11] },
        { "QR=1", new QuerySpec { Qr = true }.Build() },
        { "QR=1 header only", [0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Dropped))]
    public void Drops_responses_and_short_packets(string name, byte[] packet)
    {
        Assert.Equal(ParseStatus.Drop, QueryParser.Parse(packet, out _));
        Assert.NotNull(name);
    }

    /// <summary>Malformed queries: (name, packet, question parsed?, valid OPT kept?).</summary>
    public static TheoryData<string, byte[], bool, bool> Malformed => MalformedQueries.Cases();

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_queries_are_formerr(string name, byte[] packet, bool questionParsed, bool ednsKept)
    {
        Assert.Equal(ParseStatus.FormErr, QueryParser.Parse(packet, out ParsedQuery parsed));
        Assert.True(questionParsed == parsed.HasQuestion, $"{name}: HasQuestion");
        Assert.True(ednsKept == parsed.HasEdns, $"{name}: HasEdns");
    }

    [Fact]
    public void Compressed_owner_names_are_accepted_outside_the_question()
    {
        // An A record in the additional section whose owner points at the question name.
        byte[] query = [.. Plain[..11], 1, .. Plain[12..], 0xC0, 12, .. Wire.U16(RRType.A), .. Wire.U16(RRClass.IN), 0, 0, 0, 60, 0, 4, 192, 0, 2, 1];
        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));
        Assert.True(parsed.HasQuestion);
    }

    [Fact]
    public void Longest_legal_name_and_label_are_accepted()
    {
        string label63 = new('c', 63);
        // 3 labels of 63 + one of 61: 3*64 + 62 + 1 = 255 bytes
        string name255 = $"{label63}.{label63}.{label63}.{new string('d', 61)}.";
        byte[] query = new QuerySpec { Name = name255 }.Build();

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));
        Assert.Equal(255, parsed.QNameLength);

        byte[] tooLong = new QuerySpec { Name = $"{label63}.{label63}.{label63}.{new string('d', 62)}." }.Build();
        Assert.Equal(ParseStatus.FormErr, QueryParser.Parse(tooLong, out _));
    }

    [Fact]
    public void Root_name_question_parses()
    {
        byte[] query = new QuerySpec { Name = ".", Type = RRType.NS }.Build();
        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));
        Assert.Equal(1, parsed.QNameLength);
    }
}
