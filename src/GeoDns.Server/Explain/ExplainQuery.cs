using System.Buffers.Binary;
using System.Net;
using GeoDns.Core.Dns;

namespace GeoDns.Server.Explain;

/// <summary>
/// The wire side of <c>geodns explain</c>: builds the query a resolver would send (EDNS, with an
/// EDNS Client Subnet option when a source prefix is given) and reads back the response header
/// and the ECS option the server echoed.
/// </summary>
internal static class ExplainQuery
{
    /// <summary>A query for <paramref name="qname"/> (wire form), EDNS payload 4096, ECS when <paramref name="ecsPrefix"/> is set.</summary>
    public static byte[] Build(ReadOnlySpan<byte> qname, ushort qtype, IPAddress? ecsAddress, int ecsPrefix)
    {
        int ecsLength = ecsAddress is null ? 0 : 4 + 4 + (ecsPrefix + 7) / 8;
        var message = new byte[12 + qname.Length + 4 + 11 + ecsLength];
        BinaryPrimitives.WriteUInt16BigEndian(message, 0x4745);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), 1);
        int at = 12;
        qname.CopyTo(message.AsSpan(at));
        at += qname.Length;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), qtype);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), RRClass.IN);
        at += 4;
        message[at] = 0; // root owner
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 1), RRType.OPT);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 3), 4096);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 9), (ushort)ecsLength);
        at += 11;
        if (ecsAddress is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), EdnsOptionCode.ClientSubnet);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), (ushort)(ecsLength - 4));
            bool v6 = ecsAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 4), (ushort)(v6 ? 2 : 1));
            message[at + 6] = (byte)ecsPrefix;
            message[at + 7] = 0;
            byte[] bytes = ecsAddress.GetAddressBytes();
            bytes.AsSpan(0, (ecsPrefix + 7) / 8).CopyTo(message.AsSpan(at + 8));
        }
        return message;
    }

    /// <summary>The response's rcode (with the OPT's extended bits), AA flag and echoed ECS option (null when none).</summary>
    public static ResponseSummary Read(ReadOnlySpan<byte> response)
    {
        int rcode = response[3] & 0x0F;
        bool aa = (response[2] & 0x04) != 0;
        bool tc = (response[2] & 0x02) != 0;
        int qd = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        int records = BinaryPrimitives.ReadUInt16BigEndian(response[6..]) + BinaryPrimitives.ReadUInt16BigEndian(response[8..])
            + BinaryPrimitives.ReadUInt16BigEndian(response[10..]);
        int at = 12;
        for (int i = 0; i < qd; i++) at = SkipName(response, at) + 4;
        EcsEcho? ecs = null;
        for (int i = 0; i < records; i++)
        {
            at = SkipName(response, at);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(response[at..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(response[(at + 8)..]);
            if (type == RRType.OPT)
            {
                rcode |= response[at + 4] << 4;
                ecs = FindEcs(response.Slice(at + 10, rdLength)) ?? ecs;
            }
            at += 10 + rdLength;
        }
        return new ResponseSummary(rcode, aa, tc, ecs);
    }

    private static EcsEcho? FindEcs(ReadOnlySpan<byte> options)
    {
        while (options.Length >= 4)
        {
            ushort code = BinaryPrimitives.ReadUInt16BigEndian(options);
            int length = BinaryPrimitives.ReadUInt16BigEndian(options[2..]);
            if (code == EdnsOptionCode.ClientSubnet && length >= 4)
            {
                var data = options.Slice(4, length);
                int family = BinaryPrimitives.ReadUInt16BigEndian(data);
                var bytes = new byte[family == 2 ? 16 : 4];
                data[4..].CopyTo(bytes);
                return new EcsEcho(new IPAddress(bytes), data[2], data[3]);
            }
            options = options[(4 + length)..];
        }
        return null;
    }

    private static int SkipName(ReadOnlySpan<byte> message, int at)
    {
        while (true)
        {
            byte length = message[at];
            if (length == 0) return at + 1;
            if ((length & 0xC0) == 0xC0) return at + 2;
            at += 1 + length;
        }
    }
}
