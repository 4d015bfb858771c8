using GeoDns.Core.Dns;
using GeoDns.Core.Zones.MasterFile;
using static GeoDns.Core.Tests.Zones.MasterFile.ParserTestHelpers;

namespace GeoDns.Core.Tests.Zones.MasterFile;

public sealed class MasterFileParserErrorTests
{
    private static readonly string Label64 = new('a', 64);
    private static readonly string Long256 = new('a', 256);
    private static readonly string LongName = string.Join('.', Enumerable.Repeat(new string('b', 63), 5)) + ".";

    public static TheoryData<string, int, int, string> Cases => new()
    {
        // zone text, line, column, exact message
        { "www 300 IN FOO 192.0.2.1", 1, 12, "unknown record type 'FOO'" },
        { "www 300 IN A 1.2.3", 1, 14, "bad A RDATA: bad IPv4 address '1.2.3': expected four decimal octets like 192.0.2.1" },
        { "www 300 IN A 192.0.2.256", 1, 14, "bad A RDATA: bad IPv4 address '192.0.2.256': expected four decimal octets like 192.0.2.1" },
        { "www 300 IN AAAA 2001:db8::g", 1, 17, "bad AAAA RDATA: bad IPv6 address '2001:db8::g': expected an address like 2001:db8::1" },
        { "www 300 IN MX 10", 1, 17, "bad MX RDATA: missing MX exchange name" },
        { "www 300 IN MX 70000 mail", 1, 15, "bad MX RDATA: bad MX preference '70000': expected a decimal number from 0 to 65535" },
        { "www 300 IN A 192.0.2.1 extra", 1, 24, "bad A RDATA: unexpected 'extra' after the end of the RDATA" },
        { "www 2147483648 IN A 192.0.2.1", 1, 5, "TTL '2147483648' out of range (0 to 2147483647)" },
        { "www 1x IN A 192.0.2.1", 1, 5, "malformed TTL '1x' (expected seconds, or units like 1w2d3h4m5s)" },
        { "$TTL 1h2q", 1, 6, "malformed TTL '1h2q' (expected seconds, or units like 1w2d3h4m5s)" },
        { "$TTL 99999999999", 1, 6, "TTL '99999999999' out of range (0 to 2147483647)" },
        { "$TTL", 1, 5, "$TTL needs one TTL" },
        { "$ORIGIN a. b.", 1, 12, "unexpected 'b.': $ORIGIN takes one domain name" },
        { "@ 300 IN SOA ns1 host (\n 1 2 3 4 5\n", 1, 23, "unterminated parenthesis: '(' opened at line 2 has no matching ')' before the end of the file" },
        { "www 300 IN A 192.0.2.1 )", 1, 24, "')' without a matching '('" },
        { "www 300 IN TXT \"abc", 1, 16, "unterminated quoted string (no closing '\"' on this line)" },
        { "www 300 IN TXT \"" + Long256 + "\"", 1, 16, "bad TXT RDATA: text string is 256 bytes long; a character-string holds at most 255 (split it into several quoted strings)" },
        { "$INCLUDE nothere.zone", 1, 10, "$INCLUDE file 'nothere.zone' not found" },
        { Label64 + " 300 IN A 192.0.2.1", 1, 1, $"bad owner name '{Label64}': label longer than 63 bytes" },
        { LongName + " 300 IN A 192.0.2.1", 1, 1, $"bad owner name '{LongName}': name longer than 255 bytes" },
        { "www 300 IN CNAME a..b.", 1, 18, "bad CNAME RDATA: bad target name 'a..b.': empty label (two dots in a row, or a leading dot)" },
        { "w\\300 300 IN A 192.0.2.1", 1, 1, "bad owner name 'w\\300': escape \\300 is above 255" },
        { "$FOO bar", 1, 1, "unknown directive '$FOO' (expected $ORIGIN, $TTL, $INCLUDE, $GENERATE or $REGION)" },
        { " 300 IN A 192.0.2.1", 1, 2, "no owner name: the first record starts with a blank and there is no previous owner to repeat" },
        { "www 300 CH A 192.0.2.1", 1, 9, "class CH not supported; only IN" },
        { "www 300 CLASS4 A 192.0.2.1", 1, 9, "class HS not supported; only IN" },
        { "www 300 IN", 1, 11, "missing record type" },
        { "www 300 IN ANY 192.0.2.1", 1, 12, "unknown record type 'ANY'" },
        { "www 300 IN TYPE255 \\# 0", 1, 12, "type TYPE255 cannot appear in a zone" },
        { "x 300 IN TYPE65280 \\# 3 0A000001", 1, 23, "bad TYPE65280 RDATA: \\# length says 3 bytes but the hex data has 4" },
        { "x 300 IN TYPE65280 \\# 2 0A0", 1, 25, "bad TYPE65280 RDATA: bad hex RDATA after \\# length: odd number of hex digits" },
        { "x 300 IN TYPE65280 0A", 1, 20, "bad TYPE65280 RDATA: RDATA of TYPE65280 must be written in RFC 3597 form: \\# <length> <hex>" },
        { "x 300 IN RRSIG A 5 3 86400", 1, 16, "bad RRSIG RDATA: RDATA of RRSIG is only supported in RFC 3597 form: \\# <length> <hex>" },
        { "x 300 IN MX \\# 3 000A05", 1, 13, "bad MX RDATA: RDATA in \\# form is not valid MX RDATA (bad domain name)" },
        { "$GENERATE 5-1 h$ A 10.0.0.$", 1, 11, "bad $GENERATE range '5-1': expected start-stop or start-stop/step with 0 <= start <= stop and step >= 1" },
        { "$GENERATE 1-2 h${0,x} A 10.0.0.$", 1, 15, "bad $GENERATE template 'h${0,x}': expected ${offset}, ${offset,width} or ${offset,width,base} with base d, o, x, X, n or N" },
        { "$GENERATE 1-2 h$", 1, 17, "$GENERATE needs a range, an owner, a type and RDATA: $GENERATE start-stop[/step] lhs [ttl] [class] type rhs" },
        { "$REGION a b", 1, 11, "unexpected 'b': $REGION takes at most one region name" },
        { "x 300 IN CAA 0 \"issue\" \"ca.example\"", 1, 16, "bad CAA RDATA: bad CAA tag 'issue': expected 1 to 15 letters and digits, like issue, issuewild or iodef" },
        { "x 300 IN DNSKEY 257 3 13 !!!!", 1, 26, "bad DNSKEY RDATA: bad DNSKEY public key (base64): not valid base64" },
        { "x 300 IN DS 1 FOO 1 00", 1, 15, "bad DS RDATA: bad DS algorithm 'FOO': expected a number from 0 to 255 or a mnemonic like RSASHA256 or ECDSAP256SHA256" },
        { "x 300 IN HTTPS 1 . foo=bar", 1, 20, "bad HTTPS RDATA: unknown SvcParam key 'foo': expected mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint or keyNNNNN" },
        { "x 300 IN HTTPS 1 . port=1 port=2", 1, 27, "bad HTTPS RDATA: SvcParam port given twice" },
        { "x 300 IN HTTPS 1 . mandatory=port", 1, 20, "bad HTTPS RDATA: mandatory lists port but that SvcParam is not present" },
        { "x 300 IN SVCB 1 . no-default-alpn=x", 1, 19, "bad SVCB RDATA: no-default-alpn takes no value" },
        { "x 300 IN LOC 91 N 0 E 0m", 1, 14, "bad LOC RDATA: bad LOC latitude degrees '91': expected degrees [minutes [seconds]] followed by N or S, degrees from 0 to 90" },
        { "x 300 IN LOC 10 0 60 N 0 E 0m", 1, 19, "bad LOC RDATA: bad LOC latitude seconds '60': expected degrees [minutes [seconds]] followed by N or S, seconds from 0 to 59.999" },
        { "x 300 IN LOC 10 N 0 E", 1, 22, "bad LOC RDATA: missing LOC altitude" },
        { "x 300 IN SOA ns1 host 1 2 3 4", 1, 30, "bad SOA RDATA: missing SOA MINIMUM" },
        { "x 300 IN SSHFP 1 1 XYZ", 1, 20, "bad SSHFP RDATA: bad SSHFP fingerprint 'XYZ': expected hexadecimal digits" },
        { "x 300 IN TXT", 1, 13, "bad TXT RDATA: missing text: expected one or more character-strings" },
        { "x 300 IN TXT \"a\\9\"", 1, 14, "bad TXT RDATA: bad text string: a \\DDD escape needs exactly three decimal digits" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_file_line_column_and_message(string text, int line, int column, string message)
    {
        MasterFileParseResult result = Parse("$TTL 1h\n" + text);
        Diagnostic error = SingleError(result);
        Assert.Equal(new SourceLocation("example.com.zone", line + 1, column), error.Location);
        Assert.Equal(message, error.Message);
        Assert.Equal($"example.com.zone:{line + 1}:{column}: error: {message}", error.ToString());
        Assert.True(result.HasErrors);
    }

    [Theory]
    [InlineData(258)]
    [InlineData(400)]
    public void Rdata_over_65535_bytes_is_an_error(int strings)
    {
        string text = "$TTL 1\nbig TXT " + string.Join(' ', Enumerable.Repeat("\"" + new string('x', 254) + "\"", strings)) + "\n";
        Diagnostic error = SingleError(Parse(text));
        Assert.Equal(new SourceLocation("example.com.zone", 2, 5), error.Location);
        Assert.Equal("bad TXT RDATA: RDATA longer than 65535 bytes", error.Message);
    }

    [Fact]
    public void Rdata_of_exactly_65535_bytes_is_fine()
    {
        string text = "$TTL 1\nbig TXT " + string.Join(' ', Enumerable.Repeat("\"" + new string('x', 254) + "\"", 257)) + "\n";
        Assert.Equal(65535, ParseClean(text).Records[0].Rdata.Length);
    }

    [Fact]
    public void Collects_every_error_and_keeps_the_good_records()
    {
        const string text = """
            $TTL 300
            a IN A 192.0.2.1
            b IN A 192.0.2.999
            c IN BOGUS x
            d IN A 192.0.2.4
            e IN TXT "unterminated
            f IN MX x y
            g IN A 192.0.2.7
            """;
        MasterFileParseResult result = Parse(text);
        Assert.Equal([3, 4, 6, 7], result.Diagnostics.Where(d => d.IsError).Select(d => d.Location.Line));
        Assert.Equal(["a", "d", "g"], result.Records.Select(r => Name(r.Owner).Split('.')[0]));
    }

    [Fact]
    public void Blank_owner_lines_after_a_bad_owner_are_dropped_silently()
    {
        MasterFileParseResult result = Parse("$TTL 300\n" + Label64 + " IN A 192.0.2.1\n  IN AAAA ::1\nok IN A 192.0.2.2\n");
        Assert.Single(result.Diagnostics);
        Assert.Equal("ok.example.com.", Name(Assert.Single(result.Records).Owner));
    }

    [Fact]
    public void Unterminated_parenthesis_is_reported_where_it_opened()
    {
        MasterFileParseResult result = Parse("$TTL 300\na IN A 192.0.2.1\n@ IN SOA ns1 host (\n  1 2 3 4 5\nb IN A 192.0.2.2\n");
        Diagnostic error = SingleError(result);
        Assert.Equal(new SourceLocation("example.com.zone", 3, 19), error.Location);
        Assert.Single(result.Records);
    }

    [Fact]
    public void Relative_name_without_any_origin()
    {
        MasterFileParseResult result = Parse("www 300 IN A 192.0.2.1\n", ".zone");
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Location == new SourceLocation(".zone", 1, 1)
            && d.Message == "bad owner name 'www': relative name 'www' but no origin is known (no $ORIGIN and no origin from the file name)");
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message == "cannot tell the zone origin: no $ORIGIN, and the file name '.zone' is not a domain name");
        Assert.Equal([0], result.Origin);
    }

    [Fact]
    public void Unknown_region_when_regions_are_known()
    {
        var options = new MasterFileOptions { KnownRegions = ["eu-west", "us-east"] };
        MasterFileParseResult result = Parse("$TTL 300\n$REGION eu-west\na IN A 192.0.2.1\n$REGION ap-south\nb IN A 192.0.2.2\n", options: options);
        Diagnostic error = SingleError(result);
        Assert.Equal(new SourceLocation("example.com.zone", 4, 9), error.Location);
        Assert.Equal("unknown region 'ap-south' (known regions: eu-west, us-east)", error.Message);
        Assert.Equal(["eu-west"], result.Regions);
    }

    [Fact]
    public void No_ttl_anywhere_is_an_error_without_soa()
    {
        MasterFileParseResult result = Parse("a IN A 192.0.2.1\n");
        Diagnostic error = SingleError(result);
        Assert.Equal(new SourceLocation("example.com.zone", 1, 1), error.Location);
        Assert.Equal("no TTL given, no $TTL, no earlier TTL and no SOA record whose MINIMUM could serve as the TTL", error.Message);
    }

    [Fact]
    public void Missing_main_file_is_an_error()
    {
        string path = Path.Combine(Path.GetTempPath(), "geodns-missing-" + Guid.NewGuid().ToString("N"), "x.zone");
        MasterFileParseResult result = MasterFileParser.ParseFile(path);
        Diagnostic error = SingleError(result);
        Assert.Equal(path, error.Location.File);
        Assert.StartsWith("cannot read zone file: ", error.Message, StringComparison.Ordinal);
    }
}
