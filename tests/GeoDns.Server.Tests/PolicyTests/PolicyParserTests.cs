using System.Globalization;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.PolicyTests;

namespace GeoDns.Server.Tests.PolicyTests;

/// <summary>The test-file syntax: every construct, and every error at its line and column.</summary>
public sealed class PolicyParserTests
{
    /// <summary>A parsed test in one line: query | from | ecs | down | expectation.</summary>
    private static string Render(PolicyTest test)
    {
        string values = string.Join(", ", test.Expected.Values.Select(v => v.Text));
        string scope = test.Expected.Scope is { } s ? string.Create(CultureInfo.InvariantCulture, $" scope {s}") : "";
        string ttl = test.Expected.Ttl is { } t ? string.Create(CultureInfo.InvariantCulture, $" ttl {t}") : "";
        string ecs = test.EcsAddress is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{test.EcsAddress}/{test.EcsPrefix}");
        return $"{Core.Dns.DnsName.ToString(test.Name)} {RdataCodec.TypeName(test.Type)} | {test.From} | {ecs} | "
            + $"[{string.Join(",", test.Down.Select(d => d.Name))}] | {test.Expected.Outcome} [{values}]{scope}{ttl}";
    }

    public static TheoryData<string, string> Constructs => new()
    {
        { "www.example.com A -> 192.0.2.1", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1]" },
        { "www.example.com. a -> 192.0.2.1", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1]" },
        { "www.example.com A->192.0.2.1", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1]" },
        { "\twww.example.com   IN   AAAA   ->   2001:DB8:0::1  ", "www.example.com. AAAA | 127.0.0.1 | - | [] | Answer [2001:db8::1]" },
        { "www.example.com TYPE65280 -> \\# 2 abcd", "www.example.com. TYPE65280 | 127.0.0.1 | - | [] | Answer [\\# 2 ABCD]" },
        { "www.example.com A -> \\# 4 c0000201", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1]" },
        // Options, in any order.
        { "www.example.com A from 192.0.2.7 ecs 198.51.100.0/24 down eu-west,us-east -> 192.0.2.1",
          "www.example.com. A | 192.0.2.7 | 198.51.100.0/24 | [eu-west,us-east] | Answer [192.0.2.1]" },
        { "www.example.com A down eu-west , us-east ecs 2001:db8:1::/48 FROM 2001:db8::7 -> 192.0.2.1",
          "www.example.com. A | 2001:db8::7 | 2001:db8:1::/48 | [eu-west,us-east] | Answer [192.0.2.1]" },
        { "www.example.com A from ::ffff:192.0.2.7 -> 192.0.2.1", "www.example.com. A | 192.0.2.7 | - | [] | Answer [192.0.2.1]" },
        { "www.example.com A ecs 0.0.0.0/0 -> 192.0.2.1", "www.example.com. A | 127.0.0.1 | 0.0.0.0/0 | [] | Answer [192.0.2.1]" },
        // Several values: commas, blanks for one-field values; names absolute with or without the dot.
        { "www.example.com A -> 192.0.2.1, 192.0.2.2,192.0.2.3", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1, 192.0.2.2, 192.0.2.3]" },
        { "www.example.com A -> 192.0.2.1 192.0.2.2", "www.example.com. A | 127.0.0.1 | - | [] | Answer [192.0.2.1, 192.0.2.2]" },
        { "example.com MX -> 10 mail.example.com, 20 mail2.example.com.", "example.com. MX | 127.0.0.1 | - | [] | Answer [10 mail.example.com., 20 mail2.example.com.]" },
        { "example.com NS -> ns1.example.com ns2.example.com.", "example.com. NS | 127.0.0.1 | - | [] | Answer [ns1.example.com., ns2.example.com.]" },
        { "txt.example.com TXT -> \"hello # world, \\\"quoted\\\"\" two", "txt.example.com. TXT | 127.0.0.1 | - | [] | Answer [\"hello # world, \\\"quoted\\\"\" \"two\"]" },
        { "txt.example.com TXT -> \"one\", \"two\"", "txt.example.com. TXT | 127.0.0.1 | - | [] | Answer [\"one\", \"two\"]" },
        { "docs.example.com A -> CNAME www.example.com, 192.0.2.1", "docs.example.com. A | 127.0.0.1 | - | [] | Answer [CNAME www.example.com., 192.0.2.1]" },
        { "docs.example.com A -> cname www.example.com 192.0.2.1", "docs.example.com. A | 127.0.0.1 | - | [] | Answer [CNAME www.example.com., 192.0.2.1]" },
        { "docs.example.com CNAME -> www.example.com", "docs.example.com. CNAME | 127.0.0.1 | - | [] | Answer [www.example.com.]" },
        { "docs.example.com CNAME -> CNAME www.example.com", "docs.example.com. CNAME | 127.0.0.1 | - | [] | Answer [www.example.com.]" },
        // Outcomes, case-insensitive; scope and ttl in either order.
        { "nx.example.com A -> NXDOMAIN", "nx.example.com. A | 127.0.0.1 | - | [] | NxDomain []" },
        { "nx.example.com A -> nodata ttl 300", "nx.example.com. A | 127.0.0.1 | - | [] | NoData [] ttl 300" },
        { "nx.example.com A -> REFERRAL", "nx.example.com. A | 127.0.0.1 | - | [] | Referral []" },
        { "nx.example.com A -> Refused", "nx.example.com. A | 127.0.0.1 | - | [] | Refused []" },
        { "nx.example.com A -> SERVFAIL", "nx.example.com. A | 127.0.0.1 | - | [] | ServFail []" },
        { "www.example.com A ecs 198.51.100.0/24 -> 192.0.2.1 scope 24 ttl 60", "www.example.com. A | 127.0.0.1 | 198.51.100.0/24 | [] | Answer [192.0.2.1] scope 24 ttl 60" },
        { "www.example.com A ecs 198.51.100.0/24 -> 192.0.2.1 TTL 60 Scope 0 # why", "www.example.com. A | 127.0.0.1 | 198.51.100.0/24 | [] | Answer [192.0.2.1] scope 0 ttl 60" },
    };

    [Theory]
    [MemberData(nameof(Constructs))]
    public void Each_construct_parses(string line, string expected)
    {
        var file = PolicyTestFile.Parse(line, "t.tests");

        Assert.Empty(file.Diagnostics);
        Assert.Equal(expected, Render(Assert.Single(file.Tests)));
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped_and_locations_are_kept()
    {
        var file = PolicyTestFile.Parse("""
            # a comment

               # an indented comment
            www.example.com A -> 192.0.2.1   # trailing comment
              mail.example.com A -> 192.0.2.25
            """, "zones/example.com.tests");

        Assert.Empty(file.Diagnostics);
        Assert.False(file.HasErrors);
        Assert.Equal(["zones/example.com.tests:4:1", "zones/example.com.tests:5:3"], file.Tests.Select(t => t.Location.ToString()));
        Assert.Equal(["www.example.com A", "mail.example.com A"], file.Tests.Select(t => t.Description));
    }

    [Fact]
    public void The_description_names_the_query_as_written()
    {
        var test = Assert.Single(PolicyTestFile.Parse("WWW.Example.com aaaa down eu-west,us-east ecs 2001:db8:1::/48 from 81.2.69.142 -> ::1", "t").Tests);

        Assert.Equal("WWW.Example.com AAAA from 81.2.69.142 ecs 2001:db8:1::/48 down eu-west,us-east", test.Description);
    }

    /// <summary>Line, the text at which the error is reported (null: the end of the line), and the message (or its start).</summary>
    public static TheoryData<string, string?, string> Errors => new()
    {
        { "\"www\" A -> 192.0.2.1", "\"www\"", "expected a domain name first, not \"www\"" },
        { "-> 192.0.2.1", "->", "expected a domain name first, not '->'" },
        { "www..example.com A -> 192.0.2.1", "www..", "bad name 'www..example.com': " },
        { "www.example.com", null, "missing the record type after the name" },
        { "www.example.com BOGUS -> 192.0.2.1", "BOGUS", "unknown record type 'BOGUS' (write a mnemonic such as A, AAAA, MX, TXT, or TYPEnnn)" },
        { "www.example.com from 192.0.2.7 -> 192.0.2.1", "from", "missing the record type before 'from'" },
        { "www.example.com A", null, "missing '->' and the expected answer (values, or NXDOMAIN, NODATA, REFERRAL, REFUSED or SERVFAIL)" },
        { "www.example.com A from 192.0.2.7", null, "missing '->' and the expected answer" },
        { "www.example.com A via eu-west -> 192.0.2.1", "via", "unknown option 'via' (expected from, ecs, down, or '->' and the expected answer)" },
        { "www.example.com A from -> 192.0.2.1", "-> 192", "'from' needs an IP address" },
        { "www.example.com A from", null, "'from' needs an IP address" },
        { "www.example.com A from 192.0.2 -> 192.0.2.1", "192.0.2 ", "'192.0.2' is not an IP address" },
        { "www.example.com A from 192.0.2.0/24 -> 192.0.2.1", "192.0.2.0/24", "'192.0.2.0/24' is not an IP address (from takes the packet's source address, e.g. 192.0.2.7; a client subnet is 'ecs 192.0.2.0/24')" },
        { "www.example.com A from 192.0.2.7 from 192.0.2.8 -> 192.0.2.1", "from 192.0.2.8", "'from' given twice" },
        { "www.example.com A ecs 198.51.100.7 -> 192.0.2.1", "198.51", "'198.51.100.7' is not an address prefix (write 198.51.100.0/24 or 2001:db8:1::/48)" },
        { "www.example.com A ecs 198.51.100.7/24 -> 192.0.2.1", "198.51", "'198.51.100.7/24' has address bits set beyond /24 (write 198.51.100.0/24)" },
        { "www.example.com A ecs 198.51.100.0/33 -> 192.0.2.1", "198.51", "'198.51.100.0/33' has a bad prefix length (0..32)" },
        { "www.example.com A ecs nowhere/8 -> 192.0.2.1", "nowhere", "'nowhere/8' is not an IP address" },
        { "www.example.com A ecs 10/8 -> 192.0.2.1", "10/8", "'10/8' is not an IP address (write 198.51.100.0/24 or 2001:db8:1::/48)" },
        { "www.example.com A from 7 -> 192.0.2.1", "7 ", "'7' is not an IP address" },
        { "www.example.com A ecs 10.0.0.0/8 ecs 11.0.0.0/8 -> 192.0.2.1", "ecs 11", "'ecs' given twice" },
        { "www.example.com A down -> 192.0.2.1", "-> 192", "'down' needs region names (down eu-west,us-east)" },
        { "www.example.com A down eu-west, -> 192.0.2.1", "-> 192", "'down' needs a region name after ','" },
        { "www.example.com A down eu-west down us-east -> 192.0.2.1", "down us-east", "'down' given twice" },
        { "www.example.com A down \"eu-west\" -> 192.0.2.1", "\"eu-west\"", "region names are not quoted: \"eu-west\"" },
        { "www.example.com A ->", null, "missing the expected answer after '->'" },
        { "www.example.com A -> ttl 30", "ttl", "missing the expected answer after '->'" },
        { "www.example.com A -> 192.0.2.1 scope 24", "scope", "'scope' needs 'ecs PREFIX' before '->'" },
        { "www.example.com A ecs 10.0.0.0/8 -> 192.0.2.1 scope", null, "'scope' needs a number" },
        { "www.example.com A ecs 10.0.0.0/8 -> 192.0.2.1 scope 129", "129", "bad scope '129': expected a decimal number from 0 to 128" },
        { "www.example.com A -> 192.0.2.1 ttl soon", "soon", "bad ttl 'soon': expected a decimal number from 0 to 2147483647" },
        { "www.example.com A -> 192.0.2.1 ttl 1 ttl 2", "ttl 1", "'ttl' given twice" },
        { "www.example.com A -> 192.0.2.1 ttl 30 192.0.2.2", "ttl", "'ttl' goes after the expected values" },
        { "www.example.com A -> NXDOMAIN 192.0.2.1", "192.0.2.1", "unexpected '192.0.2.1' after NXDOMAIN (only 'scope N' and 'ttl N' may follow)" },
        { "www.example.com A -> , 192.0.2.1", ",", "expected a value before ','" },
        { "www.example.com A -> 192.0.2.1,", null, "missing a value after ','" },
        { "www.example.com A -> 192.0.2.1,,192.0.2.2", ",192", "missing a value after ','" },
        { "www.example.com A -> 192.0.2.300", "192.0.2.300", "bad A value: " },
        { "www.example.com A -> 192.0.2.1 192.0.2.300", "192.0.2.300", "bad A value: " },
        { "www.example.com AAAA -> 192.0.2.1", "192.0.2.1", "bad AAAA value: " },
        { "www.example.com MX -> 10", null, "bad MX value: missing " },
        { "www.example.com MX -> mail.example.com", "mail", "bad MX value: " },
        { "www.example.com MX -> 10 mail.example.com 20 mail2.example.com", "20", "bad MX value: unexpected '20' after the end of the RDATA" },
        { "www.example.com TXT -> \"unterminated", "\"unterminated", "unterminated quoted string (no closing '\"' on this line)" },
        { "www.example.com A -> CNAME", null, "'CNAME' needs the target name" },
        { "www.example.com A -> CNAME \"x\" 192.0.2.1", "\"x\"", "bad CNAME target \"x\"" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_is_reported_at_its_line_and_column(string line, string? at, string message)
    {
        int column = at is null ? line.TrimEnd().Length + 1 : line.IndexOf(at, StringComparison.Ordinal) + 1;
        Assert.True(column > 0, $"'{at}' is not in the line");

        var file = PolicyTestFile.Parse("# header\nwww.example.com A -> 192.0.2.1\n" + line + "\n", "zones/t.tests");

        var error = Assert.Single(file.Diagnostics);
        Assert.True(error.IsError);
        Assert.True(file.HasErrors);
        Assert.Equal($"zones/t.tests:3:{column}", error.Location.ToString());
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Single(file.Tests); // the good line still parses; the runner runs none of them
    }

    [Fact]
    public void Errors_on_several_lines_are_all_reported()
    {
        var file = PolicyTestFile.Parse("a.example A -> x\nb.example A ->\nc.example A -> 192.0.2.1\n", "t.tests");

        Assert.Equal(["t.tests:1:16", "t.tests:2:15"], file.Diagnostics.Select(d => d.Location.ToString()));
        Assert.Single(file.Tests);
    }

    [Fact]
    public void PathFor_finds_the_tests_beside_a_zone_file_and_Load_reads_it()
    {
        using var dir = new TestSupport.TempDirectory();
        string zone = dir.Write("example.com.zone", "");
        string other = dir.Write("other.test.zone", "");
        string tests = dir.Write("example.com.tests", "www.example.com A -> 192.0.2.1\n");

        Assert.Equal(tests, PolicyTestFile.PathFor(zone));
        Assert.Null(PolicyTestFile.PathFor(other));
        Assert.Equal(zone, PolicyTestFile.ZoneFileFor(tests));
        var file = PolicyTestFile.Load(tests);
        Assert.Equal(tests, file.Path);
        Assert.Single(file.Tests);
    }

    [Fact]
    public void An_unreadable_file_is_a_diagnostic()
    {
        using var dir = new TestSupport.TempDirectory();
        string missing = Path.Combine(dir.Path, "gone.tests");

        var file = PolicyTestFile.Load(missing);

        var error = Assert.Single(file.Diagnostics);
        Assert.Equal($"{missing}:1:1", error.Location.ToString());
        Assert.StartsWith("cannot read the test file: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(file.Tests);
    }
}
