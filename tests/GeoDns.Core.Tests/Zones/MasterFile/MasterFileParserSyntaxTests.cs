using GeoDns.Core.Dns;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using static GeoDns.Core.Tests.Zones.MasterFile.ParserTestHelpers;

namespace GeoDns.Core.Tests.Zones.MasterFile;

public sealed class MasterFileParserSyntaxTests
{
    [Fact]
    public void Parses_the_architecture_example()
    {
        const string text = """
            $ORIGIN example.com.
            $TTL 1h
            @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                     IN NS  ns1
            ns1      IN A   192.0.2.53
            www   60 IN A   192.0.2.80        ; no $REGION
            $REGION eu-west
            www   60 IN A   198.51.100.10
            www   60 IN A   198.51.100.11
            $REGION us-east
            www   60 IN A   203.0.113.10
            $REGION
            mail     IN A   192.0.2.25
            """;
        MasterFileParseResult r = ParseClean(text, "whatever.zone");
        Assert.Equal(Wire("example.com."), r.Origin);
        Assert.Equal(8, r.Records.Count);
        Assert.Equal(["eu-west", "us-east"], r.Regions);
        Assert.Equal(["whatever.zone"], r.Files);
        ZoneRecord soa = r.Records[0];
        Assert.Equal(RRType.SOA, soa.Type);
        Assert.Equal(RRClass.IN, soa.Class);
        Assert.Equal(3600u, soa.Ttl);
        Assert.Equal(Hex("036E7331 076578616D706C6503636F6D00 0A686F73746D6173746572 076578616D706C6503636F6D00 78C40785 00000E10 00000258 00127500 0000012C"), soa.Rdata);
        Assert.Same(r.Records[0].Owner, r.Records[1].Owner);
        Assert.Equal(RRType.NS, r.Records[1].Type);
        Assert.Equal(new SourceLocation("whatever.zone", 4, 10), r.Records[1].Location);
        Assert.Equal(new SourceLocation("whatever.zone", 5, 1), r.Records[2].Location);
        Assert.Equal([null, null, null, null, "eu-west", "eu-west", "us-east", null], r.Records.Select(x => x.Region));
        Assert.Equal([3600u, 3600u, 3600u, 60u, 60u, 60u, 60u, 3600u], r.Records.Select(x => x.Ttl));
        Assert.Equal(Hex("C0000219"), r.Records[7].Rdata);
        Assert.Equal("mail.example.com.", Name(r.Records[7].Owner));
        Assert.Same(r.Records[4].Owner, r.Records[5].Owner);
    }

    public static TheoryData<string, string?, string, string> OriginCases => new()
    {
        // file name, configured origin, file text, expected apex
        { "example.com.zone", null, "", "example.com." },
        { "dir/Example.ORG.zone", null, "", "example.org." },
        { "example.net", null, "", "example.net." },
        { "db.example", null, "", "db.example." },
        { "example.com.zone", null, "$ORIGIN other.test.\n", "other.test." },
        { "example.com.zone", null, "$ORIGIN a.test.\n$ORIGIN sub\n", "sub.a.test." },
        { "example.com.zone", null, "$TTL 1\nx A 192.0.2.1\n$ORIGIN later.test.\n", "example.com." },
        { "example.com.zone", "given.test.", "$ORIGIN other.test.\n", "given.test." },
    };

    [Theory]
    [MemberData(nameof(OriginCases))]
    public void Works_out_the_zone_origin(string fileName, string? origin, string text, string expected)
    {
        MasterFileParseResult r = ParseClean(text, fileName, new MasterFileOptions { Origin = origin });
        Assert.Equal(Wire(expected), r.Origin);
    }

    [Fact]
    public void Names_relative_absolute_at_and_case()
    {
        const string text = """
            $TTL 300
            @ NS ns1
            WWW A 192.0.2.1
            Abs.Example.COM. CNAME Target.Sub
            $ORIGIN Sub.Example.COM.
            x CNAME @
            y.example.net. PTR Other
            """;
        MasterFileParseResult r = ParseClean(text);
        Assert.Equal(["example.com.", "www.example.com.", "abs.example.com.", "x.sub.example.com.", "y.example.net."], r.Records.Select(x => Name(x.Owner)));
        Assert.Equal(Wire("ns1.example.com."), r.Records[0].Rdata);
        Assert.Equal(Wire("Target.Sub.example.com."), r.Records[2].Rdata);
        Assert.Equal(Wire("Sub.Example.COM."), r.Records[3].Rdata);
        Assert.Equal(Wire("Other.Sub.Example.COM."), r.Records[4].Rdata);
        Assert.Equal(Wire("example.com."), r.Origin);
    }

    [Fact]
    public void Escapes_in_names()
    {
        MasterFileParseResult r = ParseClean("$TTL 1\na\\.b A 192.0.2.1\n\\065\\(x\\) A 192.0.2.2\n\\@ A 192.0.2.3\nsp\\032ace A 192.0.2.4\n");
        Assert.Equal(Hex("03612E62 076578616D706C6503636F6D00"), r.Records[0].Owner);
        Assert.Equal(Hex("046128782907 6578616D706C6503636F6D00"), r.Records[1].Owner);
        Assert.Equal("\\@.example.com.", Name(r.Records[2].Owner));
        Assert.Equal(Hex("06737020616365 076578616D706C6503636F6D00"), r.Records[3].Owner);
    }

    [Fact]
    public void Omitted_owner_ttl_and_class_in_any_order()
    {
        const string text = """
            $TTL 300
            a 60 IN A 192.0.2.1
              IN 70 A 192.0.2.2
              80 A 192.0.2.3
              A 192.0.2.4
            b IN A 192.0.2.5
            	TXT "tab-indented"
            """;
        MasterFileParseResult r = ParseClean(text);
        Assert.Equal(["a", "a", "a", "a", "b", "b"], r.Records.Select(x => Name(x.Owner).Split('.')[0]));
        Assert.Equal([60u, 70u, 80u, 300u, 300u, 300u], r.Records.Select(x => x.Ttl));
        Assert.All(r.Records, x => Assert.Equal(RRClass.IN, x.Class));
    }

    [Fact]
    public void Parentheses_span_lines_with_comments()
    {
        const string text = """
            $TTL 300
            @ IN SOA ns1 host (
                    1      ; serial
                    2h     ; refresh
                    ( 3 )  ; nested
                    4
                    5 )
            x IN TXT ( "one"
                       "two" ) ; done
            y IN A 192.0.2.1 ; after
            """;
        MasterFileParseResult r = ParseClean(text);
        Assert.Equal(3, r.Records.Count);
        Assert.Equal(Hex("00000001 00001C20 00000003 00000004 00000005"), r.Records[0].Rdata[^20..]);
        Assert.Equal(Hex("036F6E65 0374776F"), r.Records[1].Rdata);
        Assert.Equal(new SourceLocation("example.com.zone", 8, 1), r.Records[1].Location);
        Assert.Equal(new SourceLocation("example.com.zone", 10, 1), r.Records[2].Location);
    }

    [Fact]
    public void Quoted_strings_keep_blanks_semicolons_and_escapes()
    {
        MasterFileParseResult r = ParseClean("$TTL 1\nx TXT \"a b;c (d)\" \"q\\\"uote\" \"back\\\\slash\" \"\\255\\000\" unquoted\n");
        Assert.Equal(Hex("096120623B6320286429 067122756F7465 0A6261636B5C736C617368 02FF00 08756E71756F746564"), r.Records[0].Rdata);
    }

    public static TheoryData<string, uint> TtlCases => new()
    {
        { "0", 0 },
        { "90", 90 },
        { "1s", 1 },
        { "1m", 60 },
        { "1H", 3600 },
        { "1d", 86400 },
        { "1W", 604800 },
        { "1w2d3h4m5s", 788645 },
        { "1h30m", 5400 },
        { "1h30", 3630 },
        { "2147483647", 2147483647 },
    };

    [Theory]
    [MemberData(nameof(TtlCases))]
    public void Ttl_units(string ttl, uint expected)
    {
        MasterFileParseResult r = ParseClean($"x {ttl} IN A 192.0.2.1\n$TTL {ttl}\ny A 192.0.2.2\n");
        Assert.Equal([expected, expected], r.Records.Select(x => x.Ttl));
    }

    [Fact]
    public void Ttl_rule_dollar_ttl_beats_last_explicit_ttl()
    {
        MasterFileParseResult r = ParseClean("a 60 A 192.0.2.1\nb A 192.0.2.2\n$TTL 120\nc 30 A 192.0.2.3\nd A 192.0.2.4\n");
        Assert.Equal([60u, 60u, 30u, 120u], r.Records.Select(x => x.Ttl));
        Assert.Empty(r.Diagnostics);
    }

    [Fact]
    public void Ttl_rule_falls_back_to_soa_minimum_with_one_warning()
    {
        MasterFileParseResult r = Parse("a A 192.0.2.1\n@ SOA ns1 host 1 2 3 4 1h\nb A 192.0.2.2\nc 60 A 192.0.2.3\nd A 192.0.2.4\n");
        Assert.False(r.HasErrors);
        Assert.Equal([3600u, 3600u, 3600u, 60u, 60u], r.Records.Select(x => x.Ttl));
        Diagnostic warning = Assert.Single(r.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(new SourceLocation("example.com.zone", 1, 1), warning.Location);
        Assert.Equal("no TTL given, no $TTL and no earlier TTL: using the SOA MINIMUM (3600) as the TTL (also for 2 later records)", warning.Message);
    }

    [Fact]
    public void Rfc3597_generic_types_and_classes()
    {
        MasterFileParseResult r = ParseClean("$TTL 1\nx CLASS1 TYPE65280 \\# 4 0A000001\ny TYPE1 192.0.2.1\nz IN A \\# 4 C0000202\nw TYPE99 \"spf\"\n");
        Assert.Equal([(ushort)65280, RRType.A, RRType.A, (ushort)99], r.Records.Select(x => x.Type));
        Assert.Equal(Hex("0A000001"), r.Records[0].Rdata);
        Assert.Equal(Hex("C0000201"), r.Records[1].Rdata);
        Assert.Equal(Hex("C0000202"), r.Records[2].Rdata);
        Assert.Equal(Hex("03737066"), r.Records[3].Rdata);
    }

    [Fact]
    public void Regions_group_records_and_bare_region_resets()
    {
        const string text = """
            $TTL 60
            a A 192.0.2.1
            $REGION eu
            a A 192.0.2.2
            $REGION us
              A 192.0.2.3
            $REGION eu
            b A 192.0.2.4
            $REGION
            c A 192.0.2.5
            """;
        MasterFileParseResult r = ParseClean(text);
        Assert.Equal([null, "eu", "us", "eu", null], r.Records.Select(x => x.Region));
        Assert.Equal(["eu", "us"], r.Regions);
        Assert.Equal("a.example.com.", Name(r.Records[2].Owner));
        Assert.Same(r.Records[1].Region, r.Records[3].Region);
    }

    [Fact]
    public void Known_regions_are_accepted()
    {
        var options = new MasterFileOptions { KnownRegions = ["eu", "us"] };
        MasterFileParseResult r = ParseClean("$TTL 60\n$REGION us\na A 192.0.2.1\n", options: options);
        Assert.Equal("us", r.Records[0].Region);
    }

    [Fact]
    public void Generate_ranges_steps_and_modifiers()
    {
        const string text = """
            $TTL 60
            pre A 192.0.2.8
            $GENERATE 1-3 host$ A 10.0.0.$
            $GENERATE 0-4/2 ${10,3}.r 120 IN PTR h${0,4,x}.${0,0,X}.\$.$$.example.net.
            $GENERATE 8-8 o${0,0,o} CNAME x
            $GENERATE 171-171 ${0,7,n} TXT "${-1,0,N}" "${0,3,n}"
              A 192.0.2.9
            """;
        MasterFileParseResult r = ParseClean(text);
        Assert.Equal(
            ["pre", "host1", "host2", "host3", "010.r", "012.r", "014.r", "o10", "b.a.0.0", "pre"],
            r.Records.Select(x => Name(x.Owner).Replace(".example.com.", "", StringComparison.Ordinal)));
        Assert.Equal(Hex("0A000003"), r.Records[3].Rdata);
        Assert.Equal(Wire("h0002.2.\\$.\\$.example.net."), r.Records[5].Rdata);
        Assert.Equal(120u, r.Records[5].Ttl);
        Assert.Equal(Hex("03 412E41 03 622E61"), r.Records[8].Rdata);
        Assert.Equal(new SourceLocation("example.com.zone", 3, 15), r.Records[1].Location);
        // A blank owner after $GENERATE repeats the owner before it, as in BIND.
        Assert.Equal(Hex("C0000209"), r.Records[9].Rdata);
    }

    [Fact]
    public void Include_with_origin_files_and_scoping()
    {
        string dir = Directory.CreateTempSubdirectory("geodns-include-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "parts"));
            File.WriteAllText(Path.Combine(dir, "example.com.zone"), """
                $TTL 300
                @ SOA ns1 host 1 2 3 4 5
                $REGION eu
                $INCLUDE parts/hosts.inc sub
                after A 192.0.2.9
                $INCLUDE "parts/plain.inc"
                """);
            File.WriteAllText(Path.Combine(dir, "parts", "hosts.inc"), """
                www A 192.0.2.1
                $ORIGIN deeper
                $REGION us
                x A 192.0.2.2
                $INCLUDE more.inc
                """);
            File.WriteAllText(Path.Combine(dir, "parts", "more.inc"), "m A 192.0.2.3\n");
            File.WriteAllText(Path.Combine(dir, "parts", "plain.inc"), "p A 192.0.2.4\n");

            MasterFileParseResult r = MasterFileParser.ParseFile(Path.Combine(dir, "example.com.zone"));
            Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
            Assert.Equal(
                ["example.com.", "www.sub.example.com.", "x.deeper.sub.example.com.", "m.deeper.sub.example.com.", "after.example.com.", "p.example.com."],
                r.Records.Select(x => Name(x.Owner)));
            Assert.Equal([null, "eu", "us", "us", "eu", "eu"], r.Records.Select(x => x.Region));
            Assert.Equal(["eu", "us"], r.Regions);
            Assert.Equal(4, r.Files.Count);
            Assert.EndsWith("hosts.inc", r.Files[1], StringComparison.Ordinal);
            Assert.EndsWith("more.inc", r.Records[3].Location.File, StringComparison.Ordinal);
            Assert.Equal(1, r.Records[3].Location.Line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Include_loop_is_reported()
    {
        string dir = Directory.CreateTempSubdirectory("geodns-loop-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.zone"), "$TTL 1\nx A 192.0.2.1\n$INCLUDE b.inc\n");
            File.WriteAllText(Path.Combine(dir, "b.inc"), "y A 192.0.2.2\n$INCLUDE a.zone\n");
            MasterFileParseResult r = MasterFileParser.ParseFile(Path.Combine(dir, "a.zone"));
            Diagnostic error = SingleError(r);
            Assert.Equal(Path.Combine(dir, "b.inc"), error.Location.File);
            Assert.Equal(2, error.Location.Line);
            Assert.Equal(10, error.Location.Column);
            Assert.Equal("$INCLUDE loop: a.zone includes b.inc includes a.zone", error.Message);
            Assert.Equal(2, r.Records.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parse_file_streams_large_input_and_crlf()
    {
        string dir = Directory.CreateTempSubdirectory("geodns-big-").FullName;
        try
        {
            string path = Path.Combine(dir, "big.test.zone");
            using (var w = new StreamWriter(path))
            {
                w.Write("$TTL 60\r\n");
                for (int i = 0; i < 20000; i++) w.Write($"h{i} A 10.0.{i >> 8 & 255}.{i & 255}\r\n");
                string escaped = string.Concat(Enumerable.Repeat("\\120", 200));
                w.Write("long TXT " + string.Join(' ', Enumerable.Repeat("\"" + escaped + "\"", 300)) + "\r\n");
            }
            MasterFileParseResult r = MasterFileParser.ParseFile(path);
            Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
            Assert.Equal(20001, r.Records.Count);
            Assert.Equal(Hex("0A004E1F"), r.Records[19999].Rdata);
            Assert.Equal(300 * 201, r.Records[20000].Rdata.Length);
            Assert.Equal((byte)'x', r.Records[20000].Rdata[^1]);
            Assert.Equal(20002, r.Records[20000].Location.Line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Directives_are_case_insensitive_and_may_be_indented_and_a_bom_is_skipped()
    {
        MasterFileParseResult r = ParseClean("\uFEFF$ttl 42\n  $origin Other.Test.\n*.wild a 192.0.2.1 ; comment with ( and \"\n");
        ZoneRecord record = Assert.Single(r.Records);
        Assert.Equal("*.wild.other.test.", Name(record.Owner));
        Assert.Equal(42u, record.Ttl);
        Assert.Equal(Wire("other.test."), r.Origin);
    }

    [Fact]
    public void Consecutive_records_share_the_owner_array()
    {
        MasterFileParseResult r = ParseClean("$TTL 1\nwww A 192.0.2.1\nwww A 192.0.2.2\nWWW AAAA ::1\n@ NS ns\n@ MX 1 mx\n");
        Assert.Same(r.Records[0].Owner, r.Records[1].Owner);
        Assert.Same(r.Records[0].Owner, r.Records[2].Owner);
        Assert.Same(r.Origin, r.Records[3].Owner);
        Assert.Same(r.Records[3].Owner, r.Records[4].Owner);
    }
}
