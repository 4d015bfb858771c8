using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GeoDns.Core.Zones.Rdata;

// A, AAAA, single-name types (NS, CNAME, DNAME, PTR), SOA, MX, TXT/SPF, SRV, HINFO.
internal static class BasicRdata
{
    internal static void EncodeA(RdataParser p)
    {
        ReadOnlySpan<char> text = p.Next("IPv4 address");
        Span<byte> bytes = stackalloc byte[4];
        if (!TryParseIPv4(text, bytes)) throw p.FailLast($"bad IPv4 address '{text}': expected four decimal octets like 192.0.2.1");
        p.Output.Write(bytes);
    }

    /// <summary>Strict dotted quad: exactly four decimal octets 0–255, no leading '+', no shorthand forms.</summary>
    internal static bool TryParseIPv4(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int part = 0, value = 0, digits = 0;
        foreach (char c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3) return false;
                destination[part++] = (byte)value;
                value = 0;
                digits = 0;
                continue;
            }
            uint d = (uint)(c - '0');
            if (d > 9 || digits == 3) return false;
            value = value * 10 + (int)d;
            digits++;
            if (value > 255) return false;
        }
        if (digits == 0 || part != 3) return false;
        destination[3] = (byte)value;
        return true;
    }

    internal static void FormatA(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        if (rdata.Length != 4) throw new InvalidWireRdataException("A RDATA must be 4 bytes");
        AppendIPv4(sb, rdata);
    }

    internal static void AppendIPv4(StringBuilder sb, ReadOnlySpan<byte> b)
    {
        WireReader.AppendNumber(sb, b[0]);
        sb.Append('.');
        WireReader.AppendNumber(sb, b[1]);
        sb.Append('.');
        WireReader.AppendNumber(sb, b[2]);
        sb.Append('.');
        WireReader.AppendNumber(sb, b[3]);
    }

    internal static void EncodeAaaa(RdataParser p)
    {
        ReadOnlySpan<char> text = p.Next("IPv6 address");
        Span<byte> bytes = stackalloc byte[16];
        if (!TryParseIPv6(text, bytes)) throw p.FailLast($"bad IPv6 address '{text}': expected an address like 2001:db8::1");
        p.Output.Write(bytes);
    }

    internal static bool TryParseIPv6(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.IndexOf(':') < 0 || text.IndexOfAny('%', '/', '[') >= 0) return false;
        if (!IPAddress.TryParse(text, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        return address.TryWriteBytes(destination, out int written) && written == 16;
    }

    internal static void FormatAaaa(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        if (rdata.Length != 16) throw new InvalidWireRdataException("AAAA RDATA must be 16 bytes");
        sb.Append(new IPAddress(rdata).ToString());
    }

    internal static void EncodeSingleName(RdataParser p) => p.WriteName("target name");

    internal static void FormatSingleName(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        WireReader.AppendName(sb, r.ReadName());
        r.ExpectEnd();
    }

    internal static void EncodeSoa(RdataParser p)
    {
        p.WriteName("SOA MNAME (primary name server)");
        p.WriteName("SOA RNAME (responsible mailbox)");
        p.WriteUInt32("SOA SERIAL");
        p.WriteDuration("SOA REFRESH");
        p.WriteDuration("SOA RETRY");
        p.WriteDuration("SOA EXPIRE");
        p.WriteDuration("SOA MINIMUM");
    }

    internal static void FormatSoa(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        WireReader.AppendName(sb, r.ReadName());
        sb.Append(' ');
        WireReader.AppendName(sb, r.ReadName());
        for (int i = 0; i < 5; i++)
        {
            sb.Append(' ');
            WireReader.AppendNumber(sb, r.ReadUInt32());
        }
        r.ExpectEnd();
    }

    internal static void EncodeMx(RdataParser p)
    {
        p.WriteUInt16("MX preference");
        p.WriteName("MX exchange name");
    }

    internal static void FormatMx(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        WireReader.AppendName(sb, r.ReadName());
        r.ExpectEnd();
    }

    internal static void EncodeTxt(RdataParser p)
    {
        if (p.AtEnd) throw p.Fail("missing text: expected one or more character-strings");
        while (!p.AtEnd) p.WriteCharacterString("text string");
    }

    internal static void FormatTxt(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        if (r.AtEnd) throw new InvalidWireRdataException("TXT needs at least one string");
        bool first = true;
        while (!r.AtEnd)
        {
            if (!first) sb.Append(' ');
            CharacterString.AppendQuoted(sb, r.ReadCharacterString());
            first = false;
        }
    }

    internal static void EncodeSrv(RdataParser p)
    {
        p.WriteUInt16("SRV priority");
        p.WriteUInt16("SRV weight");
        p.WriteUInt16("SRV port");
        p.WriteName("SRV target name");
    }

    internal static void FormatSrv(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        r.AppendUInt16Field(sb);
        r.AppendUInt16Field(sb);
        WireReader.AppendName(sb, r.ReadName());
        r.ExpectEnd();
    }

    internal static void EncodeHinfo(RdataParser p)
    {
        p.WriteCharacterString("HINFO CPU string");
        p.WriteCharacterString("HINFO OS string");
    }

    internal static void FormatHinfo(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        CharacterString.AppendQuoted(sb, r.ReadCharacterString());
        sb.Append(' ');
        CharacterString.AppendQuoted(sb, r.ReadCharacterString());
        r.ExpectEnd();
    }
}
