using System.Buffers.Binary;
using System.Text;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>Builds raw DNS queries and reads reply headers, for tests that need exact bytes.</summary>
internal static class DnsWire
{
    public const int HeaderLength = 12;

    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (string label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            byte[] text = Encoding.ASCII.GetBytes(label);
            bytes.Add((byte)text.Length);
            bytes.AddRange(text);
        }
        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>A query with one question (or <paramref name="questionCount"/> copies of it) and RD set.</summary>
    public static byte[] Query(ushort id, string name, ushort type = 1, ushort @class = 1, int questionCount = 1, bool qr = false, bool edns = false)
    {
        var message = new List<byte>();
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = (byte)(0x01 | (qr ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)questionCount);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(edns ? 1 : 0));
        message.AddRange(header);
        for (int i = 0; i < questionCount; i++)
        {
            message.AddRange(EncodeName(name));
            message.Add((byte)(type >> 8));
            message.Add((byte)type);
            message.Add((byte)(@class >> 8));
            message.Add((byte)@class);
        }
        if (edns)
        {
            // OPT: root owner, type 41, class = payload 1232, TTL 0, RDLENGTH 0.
            message.AddRange(new byte[] { 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0 });
        }
        return [.. message];
    }

    public static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    public static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);
    public static bool IsResponse(ReadOnlySpan<byte> message) => (message[2] & 0x80) != 0;
    public static bool IsAuthoritative(ReadOnlySpan<byte> message) => (message[2] & 0x04) != 0;
    public static int Rcode(ReadOnlySpan<byte> message) => message[3] & 0x0F;
    public static int AnswerCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

    public const int NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5;
}
