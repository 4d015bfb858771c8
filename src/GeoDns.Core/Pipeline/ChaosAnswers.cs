using System.Text;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// Pre-encoded answers for the CHAOS-class server queries (version.bind, version.server,
/// id.server, hostname.bind), built once from <see cref="ProtocolOptions"/>. As in Knot, only
/// TXT is answered and a name without a configured value is REFUSED.
/// </summary>
internal sealed class ChaosAnswers
{
    private static readonly byte[] VersionBind = Encode("version.bind");
    private static readonly byte[] VersionServer = Encode("version.server");
    private static readonly byte[] IdServer = Encode("id.server");
    private static readonly byte[] HostnameBind = Encode("hostname.bind");

    private readonly byte[]? _version;
    private readonly byte[]? _identity;

    public ChaosAnswers(ProtocolOptions options)
    {
        _version = options.Version is null ? null : TxtRdata(options.Version);
        _identity = options.Identity is null ? null : TxtRdata(options.Identity);
    }

    /// <summary>The TXT RDATA answering <paramref name="qname"/>, or null when it is not answered.</summary>
    public byte[]? Find(ReadOnlySpan<byte> qname)
    {
        if (DnsName.EqualsIgnoreCase(qname, VersionBind) || DnsName.EqualsIgnoreCase(qname, VersionServer)) return _version;
        if (DnsName.EqualsIgnoreCase(qname, IdServer) || DnsName.EqualsIgnoreCase(qname, HostnameBind)) return _identity;
        return null;
    }

    private static byte[] Encode(string name)
    {
        var wire = new List<byte>();
        foreach (string label in name.Split('.'))
        {
            wire.Add((byte)label.Length);
            wire.AddRange(Encoding.ASCII.GetBytes(label));
        }
        wire.Add(0);
        return [.. wire];
    }

    /// <summary>TXT RDATA: the text split into character-strings of at most 255 bytes.</summary>
    internal static byte[] TxtRdata(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var rdata = new List<byte>(bytes.Length + bytes.Length / 255 + 1);
        int pos = 0;
        do
        {
            int chunk = Math.Min(255, bytes.Length - pos);
            rdata.Add((byte)chunk);
            rdata.AddRange(bytes.AsSpan(pos, chunk));
            pos += chunk;
        }
        while (pos < bytes.Length);
        return [.. rdata];
    }
}
