using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// Queries carrying an EDNS Client Subnet option (RFC 7871 §6), built byte by byte so tests can
/// also send malformed ones, and replies decoded with ARSoft's parser.
/// </summary>
internal static class EcsWire
{
    /// <summary>A query with OPT and, when <paramref name="subnet"/> ("198.51.100.0/24") is given, a well-formed ECS option.</summary>
    public static byte[] Query(ushort id, string name, ushort type, string? subnet)
    {
        if (subnet is null) return DnsWire.Query(id, name, type, edns: true);
        int slash = subnet.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(subnet[..slash]);
        int prefix = int.Parse(subnet[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        ushort family = address.AddressFamily == AddressFamily.InterNetwork ? (ushort)1 : (ushort)2;
        return Raw(id, name, type, family, (byte)prefix, 0, address.GetAddressBytes().AsSpan(0, (prefix + 7) / 8).ToArray());
    }

    /// <summary>A query whose ECS option has exactly these fields (for malformed cases).</summary>
    public static byte[] Raw(ushort id, string name, ushort type, ushort family, byte sourcePrefix, byte scopePrefix, byte[] address)
    {
        byte[] plain = DnsWire.Query(id, name, type, edns: true);
        int optionLength = 4 + address.Length;
        var message = new byte[plain.Length + 4 + optionLength];
        plain.CopyTo(message, 0);
        int rdLength = plain.Length - 2;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(rdLength), (ushort)(4 + optionLength));
        int at = plain.Length;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), 8);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), (ushort)optionLength);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 4), family);
        message[at + 6] = sourcePrefix;
        message[at + 7] = scopePrefix;
        address.CopyTo(message, at + 8);
        return message;
    }

    public static DnsMessage Parse(byte[] reply) => DnsMessage.Parse(reply);

    /// <summary>The ECS option of a reply as "address/source/scope" (dig's CLIENT-SUBNET form), or null.</summary>
    public static string? ClientSubnet(DnsMessage reply)
    {
        var option = reply.EDnsOptions?.Options.OfType<ClientSubnetOption>().SingleOrDefault();
        return option is null ? null : $"{option.Address}/{option.SourceNetmask}/{option.ScopeNetmask}";
    }

    public static string[] Addresses(DnsMessage reply) =>
        reply.AnswerRecords.Select(r => r switch
        {
            ARecord a => a.Address.ToString(),
            AaaaRecord aaaa => aaaa.Address.ToString(),
            CNameRecord c => "CNAME " + c.CanonicalName.ToString(),
            _ => r.ToString(),
        }).ToArray();
}
