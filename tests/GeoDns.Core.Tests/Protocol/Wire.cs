using System.Buffers.Binary;
using System.Net;
using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>Small encoders for test data: names keep the case they are given.</summary>
internal static class Wire
{
    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (string label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    public static byte[] A(string address) => IPAddress.Parse(address).GetAddressBytes();

    public static byte[] Txt(params string[] strings)
    {
        var bytes = new List<byte>();
        foreach (string s in strings)
        {
            bytes.Add((byte)s.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(s));
        }
        return [.. bytes];
    }

    public static byte[] Mx(ushort preference, string exchange) => [.. U16(preference), .. Name(exchange)];

    public static byte[] Soa(string mname, string rname, uint serial) =>
        [.. Name(mname), .. Name(rname), .. U32(serial), .. U32(3600), .. U32(600), .. U32(86400), .. U32(300)];

    public static byte[] Srv(ushort priority, ushort weight, ushort port, string target) =>
        [.. U16(priority), .. U16(weight), .. U16(port), .. Name(target)];

    public static byte[] U16(ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return b;
    }

    public static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    /// <summary>An RRset as the zone engine would pre-encode it (owner lower-cased).</summary>
    public static RRset Set(string owner, ushort type, uint ttl, params byte[][] rdatas)
    {
        var records = new List<byte>();
        foreach (byte[] rdata in rdatas)
        {
            records.AddRange(U16((ushort)rdata.Length));
            records.AddRange(rdata);
        }
        return new RRset(DnsName.ToLowerArray(Name(owner)), type, RRClass.IN, ttl, [.. records], rdatas.Length);
    }
}
