using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;


namespace GeoDns.Core.Tests.Protocol;

/// <summary>EDNS Client Subnet (RFC 7871 §6, §7.1.2) in QueryParser: valid options and every FORMERR case.</summary>
public sealed class ClientSubnetParserTests
{
    private static byte[] Ecs(params byte[] data) => EdnsSpec.Option(EdnsOptionCode.ClientSubnet, data);

    private static byte[] QueryWith(params byte[][] options) =>
        new QuerySpec { Edns = new EdnsSpec(Options: [.. options.SelectMany(o => o)]) }.Build();

    private static byte[] V6(int prefix, params byte[] address) => [0, 2, (byte)prefix, 0, .. address];

    public static TheoryData<string, byte[], ushort, int, string> Valid => new()
    {
        // name, option data, family, source prefix, address as hex number
        { "IPv4 /24", [0, 1, 24, 0, 192, 0, 2], 1, 24, "C0000200" },
        { "IPv4 /0", [0, 1, 0, 0], 1, 0, "0" },
        { "IPv4 /32", [0, 1, 32, 0, 192, 0, 2, 1], 1, 32, "C0000201" },
        { "IPv4 /25", [0, 1, 25, 0, 192, 0, 2, 128], 1, 25, "C0000280" },
        { "IPv4 /1", [0, 1, 1, 0, 128], 1, 1, "80000000" },
        { "IPv6 /56", V6(56, 0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56), 2, 56, "20010DB8123456000000000000000000" },
        { "IPv6 /0", V6(0), 2, 0, "0" },
        { "IPv6 /128", V6(128, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 2, 128, "20010DB8000000000000000000000001" },
        { "IPv6 /63", V6(63, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0xFE), 2, 63, "20010DB8000000FE0000000000000000" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_option_is_parsed_into_plain_values(string name, byte[] data, ushort family, int source, string addressHex)
    {
        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(QueryWith(Ecs(data)), out ParsedQuery parsed));

        Assert.True(parsed.HasEcs, name);
        Assert.False(parsed.EcsInvalid);
        Assert.Equal(family, parsed.Ecs.Family);
        Assert.Equal(source, parsed.Ecs.SourcePrefix);
        Assert.Equal(0, parsed.Ecs.ScopePrefix);
        Assert.Equal(UInt128.Parse(addressHex, System.Globalization.NumberStyles.HexNumber), parsed.Ecs.Address);

        // What the writer echoes is exactly the address bytes of the query.
        var echoed = new byte[parsed.Ecs.AddressLength];
        parsed.Ecs.WriteAddress(echoed);
        Assert.Equal(data[4..], echoed);
        Assert.Equal(data.Length, parsed.Ecs.OptionDataLength);
    }

    public static TheoryData<string, byte[][]> Invalid => new()
    {
        { "family 0", [Ecs(0, 0, 0, 0)] },
        { "family 3", [Ecs(0, 3, 8, 0, 10)] },
        { "IPv4 source 33", [Ecs(0, 1, 33, 0, 1, 2, 3, 4, 0)] },
        { "IPv6 source 129", [Ecs(V6(129, new byte[17]))] },
        { "IPv4 /24 with 4 address bytes", [Ecs(0, 1, 24, 0, 192, 0, 2, 0)] },
        { "IPv4 /24 with 2 address bytes", [Ecs(0, 1, 24, 0, 192, 0)] },
        { "IPv4 /0 with an address byte", [Ecs(0, 1, 0, 0, 0)] },
        { "IPv6 /56 with 8 address bytes", [Ecs(V6(56, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0))] },
        { "IPv4 /23 with bit 24 set", [Ecs(0, 1, 23, 0, 192, 0, 3)] },
        { "IPv4 /25 with bit 26 set", [Ecs(0, 1, 25, 0, 192, 0, 2, 0xC0)] },
        { "IPv4 /1 with bit 2 set", [Ecs(0, 1, 1, 0, 0x40)] },
        { "IPv6 /55 with bit 56 set", [Ecs(V6(55, 0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x57))] },
        { "scope 8 in a query", [Ecs(0, 1, 24, 8, 192, 0, 2)] },
        { "scope 24 in a query", [Ecs(0, 1, 24, 24, 192, 0, 2)] },
        { "shorter than 4 bytes", [Ecs(0, 1, 24)] },
        { "empty", [Ecs()] },
        { "two valid options", [Ecs(0, 1, 24, 0, 192, 0, 2), Ecs(0, 1, 24, 0, 198, 51, 100)] },
        { "valid then invalid", [Ecs(0, 1, 24, 0, 192, 0, 2), Ecs(0, 9, 0, 0)] },
        { "invalid then valid", [Ecs(0, 9, 0, 0), Ecs(0, 1, 24, 0, 192, 0, 2)] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_or_repeated_option_is_formerr_but_keeps_the_opt(string name, byte[][] options)
    {
        Assert.Equal(ParseStatus.FormErr, QueryParser.Parse(QueryWith(options), out ParsedQuery parsed));

        Assert.False(parsed.HasEcs, name);
        Assert.True(parsed.EcsInvalid);
        Assert.True(parsed.HasEdns); // the OPT itself is fine: the FORMERR reply carries one
        Assert.True(parsed.HasQuestion);
    }

    [Fact]
    public void Option_of_an_unknown_edns_version_is_not_interpreted()
    {
        // The query gets BADVERS; options are defined per EDNS version (RFC 6891 §6.1.3).
        byte[] query = new QuerySpec { Edns = new EdnsSpec(Version: 1, Options: Ecs(0, 7, 99, 5)) }.Build();

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));
        Assert.False(parsed.HasEcs);
        Assert.False(parsed.EcsInvalid);
    }

    [Fact]
    public void No_option_means_no_ecs()
    {
        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(QueryWith(EdnsSpec.Option(EdnsOptionCode.Nsid)), out ParsedQuery parsed));
        Assert.False(parsed.HasEcs);
        Assert.False(parsed.EcsInvalid);
    }
}
