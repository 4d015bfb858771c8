using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using GeoDns.Core.Zones.Rdata;
using static GeoDns.Core.Tests.Zones.MasterFile.ParserTestHelpers;

namespace GeoDns.Core.Tests.Zones.Rdata;

/// <summary>
/// One row per record type: presentation RDATA → exact wire bytes (worked out by hand from the
/// RFC layouts) → presentation form the printer writes, which must read back to the same bytes.
/// The zone origin is example.com.
/// </summary>
public sealed class RdataCodecTests
{
    private const string ExampleCom = "076578616D706C6503636F6D00";
    private const string ExampleNet = "076578616D706C65036E657400";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // type, presentation in the file, expected wire hex, expected printed form
        { "A", "192.0.2.1", "C0000201", "192.0.2.1" },
        { "AAAA", "2001:DB8::1", "20010DB8000000000000000000000001", "2001:db8::1" },
        { "AAAA", "::ffff:192.0.2.1", "00000000000000000000FFFFC0000201", "::ffff:192.0.2.1" },
        { "NS", "ns1", "036E7331" + ExampleCom, "ns1.example.com." },
        { "CNAME", "Target.Example.NET.", "06546172676574" + "074578616D706C65034E455400", "Target.Example.NET." },
        { "DNAME", "other.net.", "056F7468657203" + "6E657400", "other.net." },
        { "PTR", "host.example.net.", "04686F7374" + ExampleNet, "host.example.net." },
        { "PTR", "a\\.b.example.net.", "03612E62" + ExampleNet, "a\\.b.example.net." },
        { "SOA", "ns1.example.net. admin.example.net. ( 1 2h 15m 2w 5m )",
            "036E7331" + ExampleNet + "0561646D696E" + ExampleNet + "00000001 00001C20 00000384 00127500 0000012C",
            "ns1.example.net. admin.example.net. 1 7200 900 1209600 300" },
        { "MX", "10 mail.example.net.", "000A 046D61696C" + ExampleNet, "10 mail.example.net." },
        { "TXT", "\"hello world\" plain \"a\\\"b\\\\c\\010\"", "0B68656C6C6F20776F726C64 05706C61696E 0661226 25C630A".Replace(" ", "", StringComparison.Ordinal),
            "\"hello world\" \"plain\" \"a\\\"b\\\\c\\010\"" },
        { "TXT", "\"\"", "00", "\"\"" },
        { "TXT", "\"caf\u00e9\"", "05636166C3A9", "\"caf\\195\\169\"" },
        { "SPF", "\"v=spf1 -all\"", "0B763D73706631202D616C6C", "\"v=spf1 -all\"" },
        { "SRV", "1 2 443 srv.example.net.", "0001 0002 01BB 03737276" + ExampleNet, "1 2 443 srv.example.net." },
        { "HINFO", "\"INTEL\" LINUX", "05494E54454C 054C494E5558", "\"INTEL\" \"LINUX\"" },
        { "CAA", "0 issue \"letsencrypt.org\"", "00 05 6973737565 6C657473656E63727970742E6F7267", "0 issue \"letsencrypt.org\"" },
        { "CAA", "128 iodef \"mailto:a@example.net\"", "80 05 696F646566 6D61696C746F3A61406578616D706C652E6E6574", "128 iodef \"mailto:a@example.net\"" },
        { "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.net.",
            "0064 000A 0153 075349502B443255 00 045F736970045F756470" + ExampleNet,
            "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.net." },
        { "SSHFP", "1 1 123456789abcdef67890123456789abcdef67890", "0101 123456789ABCDEF67890123456789ABCDEF67890", "1 1 123456789ABCDEF67890123456789ABCDEF67890" },
        { "TLSA", "3 1 1 ( 0011 AABB )", "030101 0011AABB", "3 1 1 0011AABB" },
        { "DS", "60485 RSASHA1 1 2BB183AF5F22588179A53B0A98631FAD1A292118", "EC45 05 01 2BB183AF5F22588179A53B0A98631FAD1A292118",
            "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118" },
        { "DNSKEY", "257 3 13 AQID BA==", "0101 03 0D 01020304", "257 3 13 AQIDBA==" },
        { "URI", "10 1 \"https://example.net/\"", "000A 0001 68747470733A2F2F6578616D706C652E6E65742F", "10 1 \"https://example.net/\"" },
        { "LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", "00 00 16 13 8B3CF018 810CBCE0 009895B8",
            "52 22 23.000 N 4 53 32.000 E -2m 0m 10000m 10m" },
        { "LOC", "42 21 54 N 71 06 18 W -24m 30m", "00 33 16 13 89172DD0 70BE15F0 00988D20",
            "42 21 54.000 N 71 6 18.000 W -24m 30m 10000m 10m" },
        { "LOC", "10 S 20 E 1.5", "00 12 16 13 7DDAAF00 844AA200 00989716", "10 0 0.000 S 20 0 0.000 E 1.50m 1m 10000m 10m" },
        { "SVCB", "1 . alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1 mandatory=alpn",
            "0001 00 0000 0002 0001 0001 0006 02683202 6833 0003 0002 20FB 0004 0004 C0000201",
            "1 . mandatory=alpn alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1" },
        { "HTTPS", "0 svc.example.net.", "0000 03737663" + ExampleNet, "0 svc.example.net." },
        { "HTTPS", "1 . alpn=h2 no-default-alpn ech=\"AQID\" ipv6hint=2001:db8::1,2001:db8::2 key65000=\"x y\"",
            "0001 00 0001 0003 026832 0002 0000 0005 0003 010203 0006 0020 20010DB8000000000000000000000001 20010DB8000000000000000000000002 FDE8 0003 782079",
            "1 . alpn=\"h2\" no-default-alpn ech=\"AQID\" ipv6hint=2001:db8::1,2001:db8::2 key65000=\"x y\"" },
        { "HTTPS", "1 . alpn=\"a\\\\\\\\b\\\\,c,d\"", "0001 00 0001 0008 0561 5C 622C 63 0164", "1 . alpn=\"a\\\\\\\\b\\\\,c,d\"" },
        { "TYPE65280", "\\# 4 0A000001", "0A000001", "\\# 4 0A000001" },
        { "TYPE65281", "\\# 0", "", "\\# 0" },
        { "A", "\\# 4 C0000201", "C0000201", "192.0.2.1" },
        { "RRSIG", "\\# 3 ( 01 0203 )", "010203", "\\# 3 010203" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encodes_and_formats_every_type(string type, string presentation, string expectedHex, string expectedText)
    {
        MasterFileParseResult result = ParseClean($"@ 300 IN {type} {presentation}\n");
        ZoneRecord record = Assert.Single(result.Records);
        Assert.True(RdataCodec.TryGetType(type, out ushort typeNumber));
        Assert.Equal(typeNumber, record.Type);
        Assert.Equal(Convert.ToHexString(Hex(expectedHex)), Convert.ToHexString(record.Rdata));

        string printed = RdataCodec.Format(record.Type, record.Rdata);
        Assert.Equal(expectedText, printed);

        MasterFileParseResult again = ParseClean($"@ 300 IN {type} {printed}\n");
        Assert.Equal(record.Rdata, Assert.Single(again.Records).Rdata);
    }

    [Theory]
    [InlineData("A", 1)]
    [InlineData("aaaa", 28)]
    [InlineData("Https", 65)]
    [InlineData("TYPE65280", 65280)]
    [InlineData("type1", 1)]
    [InlineData("SPF", 99)]
    public void Type_names_and_numbers(string name, int number)
    {
        Assert.True(RdataCodec.TryGetType(name, out ushort type));
        Assert.Equal(number, type);
    }

    [Theory]
    [InlineData("FOO")]
    [InlineData("TYPE")]
    [InlineData("TYPE65536")]
    [InlineData("TYPEx")]
    public void Unknown_type_names(string name) => Assert.False(RdataCodec.TryGetType(name, out _));

    [Fact]
    public void Malformed_wire_rdata_prints_in_generic_form()
    {
        Assert.Equal("\\# 3 C00002", RdataCodec.Format(1, Hex("C00002")));
        Assert.Equal("\\# 2 0001", RdataCodec.Format(15, Hex("0001")));
    }
}
