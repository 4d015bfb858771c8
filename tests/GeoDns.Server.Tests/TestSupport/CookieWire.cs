using System.Buffers.Binary;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>Queries with a DNS COOKIE option (RFC 7873 §4), and the COOKIE and full rcode of a reply, read byte by byte.</summary>
internal static class CookieWire
{
    public const ushort CookieCode = 10;
    public const int BadCookie = 23;

    /// <summary>A query with an OPT carrying one COOKIE option of exactly <paramref name="cookie"/>.</summary>
    public static byte[] Query(ushort id, string name, byte[] cookie, ushort type = 1)
    {
        byte[] plain = DnsWire.Query(id, name, type, edns: true);
        var message = new byte[plain.Length + 4 + cookie.Length];
        plain.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(plain.Length - 2), (ushort)(4 + cookie.Length));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(plain.Length), CookieCode);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(plain.Length + 2), (ushort)cookie.Length);
        cookie.CopyTo(message, plain.Length + 4);
        return message;
    }

    /// <summary>The COOKIE option data of the reply's OPT; null without one.</summary>
    public static byte[]? Cookie(byte[] reply)
    {
        if (FindOpt(reply) is not { } opt) return null;
        int end = opt.RdataAt + opt.RdLength;
        for (int at = opt.RdataAt; at + 4 <= end;)
        {
            ushort code = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at));
            int length = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at + 2));
            if (code == CookieCode) return reply.AsSpan(at + 4, length).ToArray();
            at += 4 + length;
        }
        return null;
    }

    /// <summary>The rcode with the OPT's extended bits (BADCOOKIE = 23).</summary>
    public static int Rcode(byte[] reply) =>
        DnsWire.Rcode(reply) | (FindOpt(reply) is { } opt ? reply[opt.TtlAt] << 4 : 0);

    private static (int TtlAt, int RdataAt, int RdLength)? FindOpt(byte[] reply)
    {
        int questions = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(4));
        int records = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6)) + BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(8))
            + BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(10));
        int at = 12;
        for (int i = 0; i < questions; i++) at = SkipName(reply, at) + 4;
        for (int i = 0; i < records; i++)
        {
            at = SkipName(reply, at);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at));
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at + 8));
            if (type == 41) return (at + 4, at + 10, rdLength);
            at += 10 + rdLength;
        }
        return null;
    }

    private static int SkipName(byte[] message, int at)
    {
        while (true)
        {
            int length = message[at];
            if (length == 0) return at + 1;
            if ((length & 0xC0) == 0xC0) return at + 2;
            at += 1 + length;
        }
    }
}
