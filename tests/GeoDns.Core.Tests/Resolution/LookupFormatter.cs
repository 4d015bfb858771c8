using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>Turns a lookup result into readable lines ("www.example.com. 300 A 192.0.2.1"), one per record.</summary>
internal static class LookupFormatter
{
    public static string[] Section(LookupResult result, SectionEntry[] entries, int count)
    {
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var entry = entries[i];
            string owner = DnsName.ToString(result.OwnerOf(entry));
            string suffix = entry.Required ? " [required]" : "";
            if (entry.SynthesizedCname)
            {
                lines.Add($"{owner} {entry.Ttl} CNAME {DnsName.ToString(result.TargetOf(entry))}{suffix}");
                continue;
            }
            foreach (var rdata in entry.Set)
            {
                lines.Add($"{owner} {entry.Ttl} {TypeName(entry.Set.Type)} {Rdata(entry.Set.Type, rdata)}{suffix}");
            }
        }
        return [.. lines];
    }

    public static string TypeName(ushort type) => type switch
    {
        RRType.A => "A",
        RRType.NS => "NS",
        RRType.CNAME => "CNAME",
        RRType.SOA => "SOA",
        RRType.PTR => "PTR",
        RRType.MX => "MX",
        RRType.TXT => "TXT",
        RRType.AAAA => "AAAA",
        RRType.SRV => "SRV",
        RRType.DNAME => "DNAME",
        RRType.DS => "DS",
        _ => "TYPE" + type.ToString(CultureInfo.InvariantCulture),
    };

    public static ushort ParseType(string name) => name switch
    {
        "A" => RRType.A,
        "NS" => RRType.NS,
        "CNAME" => RRType.CNAME,
        "SOA" => RRType.SOA,
        "PTR" => RRType.PTR,
        "MX" => RRType.MX,
        "TXT" => RRType.TXT,
        "AAAA" => RRType.AAAA,
        "SRV" => RRType.SRV,
        "DNAME" => RRType.DNAME,
        "DS" => RRType.DS,
        "ANY" => RRType.ANY,
        _ => ushort.Parse(name.AsSpan(4), CultureInfo.InvariantCulture),
    };

    public static string Rdata(ushort type, ReadOnlySpan<byte> rdata)
    {
        switch (type)
        {
            case RRType.A:
            case RRType.AAAA:
                return new IPAddress(rdata).ToString();
            case RRType.NS:
            case RRType.CNAME:
            case RRType.PTR:
            case RRType.DNAME:
                return DnsName.ToString(rdata);
            case RRType.MX:
                return $"{BinaryPrimitives.ReadUInt16BigEndian(rdata)} {DnsName.ToString(rdata[2..])}";
            case RRType.SRV:
                return $"{BinaryPrimitives.ReadUInt16BigEndian(rdata)} {BinaryPrimitives.ReadUInt16BigEndian(rdata[2..])} {BinaryPrimitives.ReadUInt16BigEndian(rdata[4..])} {DnsName.ToString(rdata[6..])}";
            case RRType.SOA:
            {
                int m = DnsName.Measure(rdata);
                int r = DnsName.Measure(rdata[m..]);
                var tail = rdata[(m + r)..];
                var numbers = new uint[5];
                for (int i = 0; i < 5; i++) numbers[i] = BinaryPrimitives.ReadUInt32BigEndian(tail[(4 * i)..]);
                return $"{DnsName.ToString(rdata[..m])} {DnsName.ToString(rdata[m..(m + r)])} {string.Join(' ', numbers)}";
            }
            case RRType.TXT:
            {
                var parts = new List<string>();
                int pos = 0;
                while (pos < rdata.Length)
                {
                    int len = rdata[pos];
                    parts.Add("\"" + Encoding.ASCII.GetString(rdata.Slice(pos + 1, len)) + "\"");
                    pos += 1 + len;
                }
                return string.Join(' ', parts);
            }
            case RRType.DS:
                return $"{BinaryPrimitives.ReadUInt16BigEndian(rdata)} {rdata[2]} {rdata[3]} {Convert.ToHexString(rdata[4..])}";
            default:
                return $"\\# {rdata.Length} {Convert.ToHexString(rdata)}";
        }
    }

    /// <summary>Wire form of a presentation name (test input only: no escapes).</summary>
    public static byte[] Wire(string name)
    {
        if (name == ".") return [0];
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }
}
