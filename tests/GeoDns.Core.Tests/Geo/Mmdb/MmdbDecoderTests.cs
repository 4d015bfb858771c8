using System.Net;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Core.Tests.Geo.Mmdb;

public sealed class MmdbDecoderTests
{
    /// <summary>Pointer encodings (size bits 0–3) with their target offsets.</summary>
    public static TheoryData<byte[], int> Pointers => new()
    {
        { new byte[] { 0x20, 0x05 }, 5 },
        { new byte[] { 0x27, 0xFF }, 2047 },
        { new byte[] { 0x28, 0x00, 0x00 }, 2048 },
        { new byte[] { 0x28, 0x03, 0xE8 }, 3048 },
        { new byte[] { 0x30, 0x00, 0x00, 0x00 }, 526336 },
        { new byte[] { 0x30, 0x00, 0x0F, 0xA0 }, 530336 },
        { new byte[] { 0x38, 0x00, 0x08, 0x2E, 0xB0 }, 536240 },
    };

    [Theory]
    [MemberData(nameof(Pointers))]
    public void Pointer_IsFollowedToItsTarget_AndReadingContinuesAfterIt(byte[] pointer, int target)
    {
        byte[] section = new byte[target + 16];
        pointer.CopyTo(section, 0);
        section[pointer.Length] = 0x41; // "x" after the pointer
        section[pointer.Length + 1] = (byte)'x';
        section[target] = 0x45;          // "hello" at the target
        "hello"u8.CopyTo(section.AsSpan(target + 1));

        int pos = 0;
        Assert.Equal("hello", MmdbDecoder.ReadString(section, ref pos));
        Assert.Equal(pointer.Length, pos);
        Assert.Equal("x", MmdbDecoder.ReadString(section, ref pos));
    }

    [Fact]
    public void PointerToPointer_IsRejected()
    {
        byte[] section = [0x20, 0x02, 0x20, 0x00];
        int pos = 0;
        Assert.Throws<InvalidDataException>(() => MmdbDecoder.ReadString(section, ref pos));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(65820)]
    [InlineData(65821)]
    [InlineData(70000)]
    public void StringSizes_RoundTripThroughEncoderDecoderAndOracle(int length)
    {
        string text = new('a', length);
        var encoder = new MmdbEncoder();
        encoder.WriteString(text);
        encoder.WriteUInt16(7);
        int pos = 0;
        Assert.Equal(text, MmdbDecoder.ReadString(encoder.Written, ref pos));
        Assert.Equal(7UL, MmdbDecoder.ReadUInt64(encoder.Written, ref pos));
        Assert.Equal(encoder.Length, pos);

        var writer = new MmdbWriter { Description = text };
        writer.Add(IPNetwork.Parse("192.0.2.0/24"), MmdbTestData.Pool[0]);
        using var oracle = MmdbTestData.Oracle(writer.Build());
        Assert.Equal(text, oracle.Metadata.Description["en"]);
    }

    [Fact]
    public void Skip_PassesOverEveryType()
    {
        byte[] values =
        [
            0xE0 | 11,                                // map of 11 pairs
            0x41, (byte)'a', 0x68, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0,          // double 1.0
            0x41, (byte)'b', 0x04, 0x08, 0x3F, 0x80, 0, 0,                // float 1.0
            0x41, (byte)'c', 0x02, 0x03, 0xFF, 0xFF,                      // uint128 65535
            0x41, (byte)'d', 0x01, 0x07,                                  // boolean true
            0x41, (byte)'e', 0x83, 1, 2, 3,                               // bytes
            0x41, (byte)'f', 0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFF,          // int32 -1
            0x41, (byte)'g', 0x02, 0x04, 0x41, (byte)'z', 0x00, 0x06,     // array [ "z", end marker ]
            0x41, (byte)'h', 0x08, 0x02, 0, 0, 0, 1, 0, 0, 0, 2,          // uint64 size 8
            0x41, (byte)'i', 0xC4, 0, 0, 0, 1,                            // uint32
            0x41, (byte)'j', 0x03, 0x05, 1, 2, 3,                         // data cache container (3 bytes)
            0x41, (byte)'k', 0xE1, 0x41, (byte)'q', 0x20, 0x00,           // map { q: pointer }
            0x45, (byte)'a', (byte)'f', (byte)'t', (byte)'e', (byte)'r',  // sentinel "after"
        ];
        int pos = 0;
        MmdbDecoder.Skip(values, ref pos);
        Assert.Equal("after", MmdbDecoder.ReadString(values, ref pos));
        Assert.Equal(values.Length, pos);
    }

    [Fact]
    public void DeepNesting_IsRejectedNotAStackOverflow()
    {
        byte[] values = new byte[200 * 2];
        for (int i = 0; i < 200; i++)
        {
            values[i * 2] = 0x01;     // extended type...
            values[(i * 2) + 1] = 0x04; // ...array (11) of one element
        }

        int pos = 0;
        Assert.Throws<InvalidDataException>(() => MmdbDecoder.Skip(values, ref pos));
    }

    [Theory]
    [InlineData(new byte[] { 0x45, (byte)'a' })]
    [InlineData(new byte[] { 0x68, 0, 0, 0 })]
    [InlineData(new byte[] { 0x5D })]
    [InlineData(new byte[] { 0x20 })]
    [InlineData(new byte[] { 0xE2, 0x41, (byte)'a' })]
    public void Truncated_IsRejected(byte[] values)
    {
        int pos = 0;
        Assert.Throws<InvalidDataException>(() => MmdbDecoder.Skip(values, ref pos));
    }
}
