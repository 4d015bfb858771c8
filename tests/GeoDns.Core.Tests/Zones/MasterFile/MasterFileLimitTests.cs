using System.Diagnostics;
using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Loading;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Tests.Zones.MasterFile;

/// <summary>Hostile zone files (issue 13): each limit fails with file:line:col, early, and the parse returns.</summary>
public sealed class MasterFileLimitTests : IDisposable
{
    private const string Head = "$TTL 60\n@ SOA ns hostmaster 1 3600 600 1209600 300\n@ NS ns\nns A 192.0.2.1\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("geodns-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Diagnostic OnlyError(MasterFileParseResult result)
    {
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Diagnostics));
        return errors[0];
    }

    [Fact]
    public void A_10000_deep_include_chain_stops_at_the_depth_limit_with_file_line_col()
    {
        string main = Write("example.com.zone", Head + "$INCLUDE i1.inc\n");
        for (int i = 1; i < 10_000; i++) Write($"i{i}.inc", $"h{i} A 192.0.2.2\n$INCLUDE i{i + 1}.inc\n");
        Write("i10000.inc", "last A 192.0.2.3\n");

        var result = MasterFileParser.ParseFile(main);

        var error = OnlyError(result);
        Assert.Equal(Path.Combine(_dir, "i20.inc"), error.Location.File);
        Assert.Equal((2, 10), (error.Location.Line, error.Location.Column));
        Assert.Contains("$INCLUDE nested more than 20 deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(21, result.Files.Count);
        Assert.Equal(20, MasterFileOptions.DefaultMaxIncludeDepth);
    }

    [Fact]
    public void Includes_exactly_as_deep_as_the_limit_load()
    {
        string main = Write("example.com.zone", Head + "$INCLUDE i1.inc\n");
        for (int i = 1; i < 3; i++) Write($"i{i}.inc", $"h{i} A 192.0.2.2\n$INCLUDE i{i + 1}.inc\n");
        Write("i3.inc", "last A 192.0.2.3\n");

        Assert.False(MasterFileParser.ParseFile(main, new MasterFileOptions { MaxIncludeDepth = 3 }).HasErrors);
        var error = OnlyError(MasterFileParser.ParseFile(main, new MasterFileOptions { MaxIncludeDepth = 2 }));
        Assert.Equal((Path.Combine(_dir, "i2.inc"), 2), (error.Location.File, error.Location.Line));
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/null", "a character device")]
    [InlineData("sub", "a directory")]
    public void An_include_of_something_else_than_a_regular_file_is_refused(string target, string kind)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        string main = Write("example.com.zone", Head + $"$INCLUDE {target}\n");

        var error = OnlyError(MasterFileParser.ParseFile(main));

        Assert.Equal((main, 5, 10), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.EndsWith($"not a regular file ({kind})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_include_of_a_fifo_is_refused_without_waiting_for_a_writer()
    {
        string fifo = Path.Combine(_dir, "pipe.inc");
        MakeFifo(fifo);
        string main = Write("example.com.zone", Head + "$INCLUDE pipe.inc\n");

        var error = OnlyError(MasterFileParser.ParseFile(main));

        Assert.Equal((main, 5, 10), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.EndsWith("not a regular file (a FIFO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zone_file_that_is_a_fifo_is_refused_by_the_directory_load()
    {
        Write("a.example.zone", Head);
        MakeFifo(Path.Combine(_dir, "b.example.zone"));

        var result = ZoneLoader.LoadDirectory(_dir);

        Assert.Single(result.ZoneSet.Zones);
        var bad = Assert.Single(result.Results, r => !r.Success);
        var error = Assert.Single(bad.Diagnostics);
        Assert.Equal("cannot read zone file: not a regular file (a FIFO)", error.Message);
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public void A_generate_range_past_the_directive_cap_fails_before_expanding()
    {
        var result = MasterFileParser.ParseText(Head + "$GENERATE 0-9999999 h$ A 10.0.0.1\n", "example.com.zone");

        var error = OnlyError(result);
        Assert.Equal((5, 11), (error.Location.Line, error.Location.Column));
        Assert.Equal("$GENERATE range '0-9999999' would make 10000000 records, more than 65536 (Zones:MaxGenerateRecords)", error.Message);
        Assert.Equal(3, result.Records.Count);
    }

    [Fact]
    public void The_generate_cap_counts_the_step_and_is_exact()
    {
        var options = new MasterFileOptions { MaxGenerateRecords = 10 };
        Assert.Equal(13, ParserTestHelpers.ParseClean(Head + "$GENERATE 1-10 h$ A 10.0.0.1\n", options: options).Records.Count);
        Assert.Equal(13, ParserTestHelpers.ParseClean(Head + "$GENERATE 0-38/4 h$ A 10.0.0.1\n", options: options).Records.Count);
        Assert.Contains("would make 11 records", OnlyError(ParserTestHelpers.Parse(Head + "$GENERATE 0-40/4 h$ A 10.0.0.1\n", options: options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zone_record_cap_counts_generated_and_plain_records()
    {
        var options = new MasterFileOptions { MaxRecords = 5 };
        Assert.Equal(5, ParserTestHelpers.ParseClean(Head + "a A 10.0.0.1\nb A 10.0.0.2\n", options: options).Records.Count);

        var generated = OnlyError(ParserTestHelpers.Parse(Head + "$GENERATE 1-3 h$ A 10.0.0.1\n", options: options));
        Assert.Equal((5, 11), (generated.Location.Line, generated.Location.Column));
        Assert.Contains("more than the 2 the zone has room for (Zones:MaxRecordsPerZone)", generated.Message, StringComparison.Ordinal);

        var plain = OnlyError(ParserTestHelpers.Parse(Head + "a A 10.0.0.1\nb A 10.0.0.2\nc A 10.0.0.3\nd A 10.0.0.4\n", options: options));
        Assert.Equal((7, 1), (plain.Location.Line, plain.Location.Column));
        Assert.Equal("the zone has more than 5 records (Zones:MaxRecordsPerZone); not read further", plain.Message);
    }

    [Fact]
    public void A_line_longer_than_the_cap_fails_at_the_cap()
    {
        var options = new MasterFileOptions { MaxLineLength = 100 };
        var error = OnlyError(ParserTestHelpers.Parse(Head + "t TXT \"" + new string('x', 300) + "\"\nu A 10.0.0.1\n", options: options));
        Assert.Equal((5, 101), (error.Location.Line, error.Location.Column));
        Assert.Equal("line longer than 100 characters; not read further", error.Message);
        Assert.False(ParserTestHelpers.Parse(Head + "t TXT \"" + new string('x', 90) + "\"\n", options: options).HasErrors);
    }

    [Fact]
    public void A_record_joined_by_parentheses_longer_than_the_cap_fails_where_it_opened()
    {
        var options = new MasterFileOptions { MaxLineLength = 100 };
        var lines = string.Concat(Enumerable.Repeat("  \"" + new string('x', 40) + "\"\n", 5));
        var error = OnlyError(ParserTestHelpers.Parse(Head + "t TXT (\n" + lines + ")\n", options: options));
        Assert.Equal((5, 7), (error.Location.Line, error.Location.Column));
        Assert.StartsWith("record longer than 100 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_newlines_stops_at_the_default_cap()
    {
        string main = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(main, Head + "t TXT " + new string('x', 1_000_000));

        var error = OnlyError(MasterFileParser.ParseFile(main));

        Assert.Equal((main, 5, MasterFileOptions.DefaultMaxLineLength + 1), (error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void The_bytes_of_a_zone_and_its_includes_are_capped_together()
    {
        string main = Write("example.com.zone", Head + "$INCLUDE a.inc\n$INCLUDE b.inc\n");
        Write("a.inc", string.Concat(Enumerable.Range(0, 20).Select(i => $"a{i} A 192.0.2.1\n")));
        Write("b.inc", string.Concat(Enumerable.Range(0, 20).Select(i => $"b{i} A 192.0.2.1\n")));
        long total = new FileInfo(main).Length + new FileInfo(Path.Combine(_dir, "a.inc")).Length + new FileInfo(Path.Combine(_dir, "b.inc")).Length;

        Assert.False(MasterFileParser.ParseFile(main, new MasterFileOptions { MaxTotalBytes = total }).HasErrors);
        var error = OnlyError(MasterFileParser.ParseFile(main, new MasterFileOptions { MaxTotalBytes = total - 1 }));
        Assert.Equal(Path.Combine(_dir, "b.inc"), error.Location.File);
        Assert.Equal($"the zone file and its $INCLUDEs are larger than {total - 1} bytes; not read further", error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_reach_the_rdata_and_the_owner_unchanged()
    {
        string main = Path.Combine(_dir, "example.com.zone");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(Head + "t TXT \""));
        bytes.AddRange([0xC3, 0x28]);
        bytes.AddRange(Encoding.ASCII.GetBytes("\" \""));
        bytes.AddRange([0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80]);
        bytes.AddRange(Encoding.ASCII.GetBytes("\"\n"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.ASCII.GetBytes(" A 192.0.2.9\n"));
        File.WriteAllBytes(main, [.. bytes]);

        var result = MasterFileParser.ParseFile(main);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal([2, 0xC3, 0x28, 6, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80], result.Records[3].Rdata);
        Assert.Equal([1, 0xE9, 7, .. "example"u8, 3, .. "com"u8, 0], result.Records[4].Owner);
    }

    [Fact]
    public void Valid_utf8_and_a_bom_read_as_before_and_the_printed_zone_reads_back_to_the_same_bytes()
    {
        string main = Path.Combine(_dir, "example.com.zone");
        var bytes = new List<byte>([0xEF, 0xBB, 0xBF]);
        bytes.AddRange(Encoding.UTF8.GetBytes(Head + "t TXT \"caf\u00e9 \U0001F600\" \""));
        bytes.AddRange([0x80, 0xC3]);
        bytes.AddRange(Encoding.ASCII.GetBytes("\"\n"));
        File.WriteAllBytes(main, [.. bytes]);

        var loaded = ZoneLoader.LoadFile(main);

        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        var txt = MasterFileParser.ParseFile(main).Records[3].Rdata;
        Assert.Equal([10, .. "caf"u8, 0xC3, 0xA9, 0x20, 0xF0, 0x9F, 0x98, 0x80, 2, 0x80, 0xC3], txt);
        string printed = MasterFileWriter.Write(loaded.Zone!);
        var again = MasterFileParser.ParseText(printed, "example.com.zone");
        Assert.Contains(again.Records, r => r.Rdata.AsSpan().SequenceEqual(txt));
    }

    [Fact]
    public void Diagnostics_are_capped_per_zone_and_the_rest_counted()
    {
        var text = new StringBuilder(Head);
        for (int i = 0; i < 200_000; i++) text.Append("x A not-an-address\n");

        var result = ZoneLoader.LoadText(text.ToString(), "example.com.zone");

        Assert.Null(result.Zone);
        Assert.Equal(ZoneLoadOptions.DefaultMaxDiagnostics + 1, result.Diagnostics.Count);
        var last = result.Diagnostics[^1];
        Assert.True(last.IsError);
        Assert.Equal(105, last.Location.Line);
        Assert.Equal("and 199900 more problems not shown (199900 errors, 0 warnings); only the first 100 are kept", last.Message);
    }
}
