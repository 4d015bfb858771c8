using System.Text;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Tests.Zones.MasterFile;

/// <summary><see cref="ZoneFileReader"/>: UTF-8 read as text, every other byte kept as a lone surrogate, however the reads are cut.</summary>
public sealed class ZoneFileReaderTests
{
    private static readonly byte[] Mixed =
    [
        0xEF, 0xBB, 0xBF, (byte)'a', 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80, (byte)'z', 0xF0, 0x9F,
    ];

    private const string Expected = "a\u00e9\U0001F600\uDCC3(\uDCFF\uDCED\uDCA0\uDC80z\uDCF0\uDC9F";

    [Fact]
    public void Reads_utf8_as_text_and_other_bytes_as_escapes_in_one_read()
    {
        using var reader = new ZoneFileReader(new MemoryStream(Mixed), new ReadBudget(1000));
        Assert.Equal(Expected, reader.ReadToEnd());
    }

    [Fact]
    public void Reads_the_same_one_char_at_a_time()
    {
        using var reader = new ZoneFileReader(new MemoryStream(Mixed), new ReadBudget(1000));
        var text = new StringBuilder();
        char[] one = new char[1];
        while (reader.Read(one, 0, 1) == 1) text.Append(one[0]);
        Assert.Equal(Expected, text.ToString());
    }

    [Fact]
    public void Every_byte_comes_back_through_the_name_and_string_encoders()
    {
        var all = new byte[256 * 3];
        for (int i = 0; i < all.Length; i++) all[i] = (byte)(i * 7 + i / 256);
        using var reader = new ZoneFileReader(new MemoryStream(all), new ReadBudget(10_000));
        string text = reader.ReadToEnd();

        var back = new List<byte>();
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < text.Length;)
        {
            int n = GeoDns.Core.Zones.Rdata.PresentationName.EncodeChar(text, i, bytes, out int used);
            back.AddRange(bytes[..n].ToArray());
            i += used;
        }
        Assert.Equal(all, back);
    }

    [Fact]
    public void Past_the_budget_it_throws_a_limit_error()
    {
        using var reader = new ZoneFileReader(new MemoryStream(new byte[100]), new ReadBudget(99));
        var error = Assert.Throws<MasterFileLimitException>(() => reader.ReadToEnd());
        Assert.Contains("larger than 99 bytes", error.Message, StringComparison.Ordinal);
    }
}
