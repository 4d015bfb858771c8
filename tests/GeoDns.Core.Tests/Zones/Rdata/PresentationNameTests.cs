using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Tests.Zones.Rdata;

public sealed class PresentationNameTests
{
    private static readonly byte[] Origin = [7, (byte)'E', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0];

    public static TheoryData<string, bool, string> Valid => new()
    {
        // text, lower-case, expected wire hex
        { ".", false, "00" },
        { "@", false, "074578616D706C6503636F6D00" },
        { "@", true, "076578616D706C6503636F6D00" },
        { "a.", false, "016100" },
        { "WWW", false, "03575757074578616D706C6503636F6D00" },
        { "WWW", true, "03777777076578616D706C6503636F6D00" },
        { "a\\.b.c.", false, "03612E62016300" },
        { "\\000\\255.", false, "0200FF00" },
        { "\\\\x.", false, "025C7800" },
        { "caf\u00e9.", false, "05636166C3A900" },
        { "*.x.", false, "012A017800" },
        { new string('a', 63) + ".", false, "3F" + string.Concat(Enumerable.Repeat("61", 63)) + "00" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Encodes(string text, bool lower, string expectedHex)
    {
        byte[]? wire = PresentationName.ParseToArray(text, Origin, lower, out string? error);
        Assert.Null(error);
        Assert.Equal(expectedHex, Convert.ToHexString(wire!));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "empty name" },
        { "a..b.", "empty label (two dots in a row, or a leading dot)" },
        { ".a.", "empty label (two dots in a row, or a leading dot)" },
        { "a\\", "name ends with a lone backslash" },
        { "a\\12", "a \\DDD escape needs exactly three decimal digits" },
        { "\\256.", "escape \\256 is above 255" },
        { new string('a', 64) + ".", "label longer than 63 bytes" },
        { string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".", "name longer than 255 bytes" },
        { string.Join('.', Enumerable.Repeat(new string('a', 60), 4)), "name longer than 255 bytes once the origin is appended" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects(string text, string message)
    {
        Assert.Null(PresentationName.ParseToArray(text, Origin, lowerCase: false, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Longest_legal_name_is_255_bytes()
    {
        string name = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61) + ".";
        byte[]? wire = PresentationName.ParseToArray(name, [], lowerCase: false, out string? error);
        Assert.Null(error);
        Assert.Equal(255, wire!.Length);
        Assert.Equal(255, DnsName.Measure(wire));
    }

    [Fact]
    public void Relative_name_needs_an_origin()
    {
        Assert.Null(PresentationName.ParseToArray("www", [], lowerCase: false, out string? error));
        Assert.Equal("relative name 'www' but no origin is known (no $ORIGIN and no origin from the file name)", error);
        Assert.Null(PresentationName.ParseToArray("@", [], lowerCase: false, out error));
        Assert.Equal("'@' used but no origin is known (no $ORIGIN and no origin from the file name)", error);
    }
}
