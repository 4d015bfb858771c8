using System.Text;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Rdata;

// CAA, NAPTR, SSHFP, TLSA, DS, DNSKEY, URI (LOC and SVCB/HTTPS have their own files).
internal static class MoreRdata
{
    /// <summary>Registers the types of this file with <see cref="RdataCodec"/> (called from its static constructor).</summary>
    internal static void RegisterAll()
    {
        RdataCodec.Register(RRType.LOC, "LOC", LocRdata.EncodeLoc, LocRdata.FormatLoc);
        RdataCodec.Register(RRType.NAPTR, "NAPTR", EncodeNaptr, FormatNaptr);
        RdataCodec.Register(RRType.DS, "DS", EncodeDs, FormatDs);
        RdataCodec.Register(RRType.SSHFP, "SSHFP", EncodeSshfp, FormatSshfp);
        RdataCodec.Register(RRType.DNSKEY, "DNSKEY", EncodeDnskey, FormatDnskey);
        RdataCodec.Register(RRType.TLSA, "TLSA", EncodeTlsa, FormatTlsa);
        RdataCodec.Register(53, "SMIMEA", EncodeTlsa, FormatTlsa);
        RdataCodec.Register(RRType.SVCB, "SVCB", SvcbRdata.EncodeSvcb, SvcbRdata.FormatSvcb);
        RdataCodec.Register(RRType.HTTPS, "HTTPS", SvcbRdata.EncodeSvcb, SvcbRdata.FormatSvcb);
        RdataCodec.Register(RRType.URI, "URI", EncodeUri, FormatUri);
        RdataCodec.Register(RRType.CAA, "CAA", EncodeCaa, FormatCaa);
    }

    internal static void EncodeCaa(RdataParser p)
    {
        p.WriteUInt8("CAA flags");
        ReadOnlySpan<char> tag = p.Next("CAA tag");
        if (tag.Length is 0 or > 15 || p.LastWasQuoted) throw p.FailLast($"bad CAA tag '{tag}': expected 1 to 15 letters and digits, like issue, issuewild or iodef");
        foreach (char c in tag)
        {
            if (!char.IsAsciiLetterOrDigit(c)) throw p.FailLast($"bad CAA tag '{tag}': expected 1 to 15 letters and digits, like issue, issuewild or iodef");
        }
        p.Output.WriteByte((byte)tag.Length);
        foreach (char c in tag) p.Output.WriteByte((byte)c);
        p.WriteRawString("CAA value");
    }

    internal static void FormatCaa(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt8Field(sb);
        ReadOnlySpan<byte> tag = r.ReadCharacterString();
        if (tag.Length == 0) throw new InvalidWireRdataException("empty CAA tag");
        foreach (byte b in tag)
        {
            if (!char.IsAsciiLetterOrDigit((char)b)) throw new InvalidWireRdataException("bad CAA tag");
            sb.Append((char)b);
        }
        sb.Append(' ');
        CharacterString.AppendQuoted(sb, r.ReadRest());
    }

    internal static void EncodeNaptr(RdataParser p)
    {
        p.WriteUInt16("NAPTR order");
        p.WriteUInt16("NAPTR preference");
        p.WriteCharacterString("NAPTR flags");
        p.WriteCharacterString("NAPTR services");
        p.WriteCharacterString("NAPTR regexp");
        p.WriteName("NAPTR replacement name");
    }

    internal static void FormatNaptr(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        r.AppendUInt16Field(sb);
        for (int i = 0; i < 3; i++)
        {
            CharacterString.AppendQuoted(sb, r.ReadCharacterString());
            sb.Append(' ');
        }
        WireReader.AppendName(sb, r.ReadName());
        r.ExpectEnd();
    }

    internal static void EncodeDs(RdataParser p)
    {
        p.WriteUInt16("DS key tag");
        WriteAlgorithm(p, "DS algorithm");
        p.WriteUInt8("DS digest type");
        p.WriteHexRest("DS digest", allowEmpty: false);
    }

    internal static void FormatDs(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        r.AppendUInt8Field(sb);
        r.AppendUInt8Field(sb);
        WireReader.AppendHex(sb, r.ReadRequiredRest("DS digest"));
    }

    internal static void EncodeSshfp(RdataParser p)
    {
        p.WriteUInt8("SSHFP algorithm");
        p.WriteUInt8("SSHFP fingerprint type");
        p.WriteHexRest("SSHFP fingerprint", allowEmpty: false);
    }

    internal static void FormatSshfp(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt8Field(sb);
        r.AppendUInt8Field(sb);
        WireReader.AppendHex(sb, r.ReadRequiredRest("SSHFP fingerprint"));
    }

    internal static void EncodeTlsa(RdataParser p)
    {
        p.WriteUInt8("certificate usage");
        p.WriteUInt8("selector");
        p.WriteUInt8("matching type");
        p.WriteHexRest("certificate association data", allowEmpty: false);
    }

    internal static void FormatTlsa(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt8Field(sb);
        r.AppendUInt8Field(sb);
        r.AppendUInt8Field(sb);
        WireReader.AppendHex(sb, r.ReadRequiredRest("certificate association data"));
    }

    internal static void EncodeDnskey(RdataParser p)
    {
        p.WriteUInt16("DNSKEY flags");
        p.WriteUInt8("DNSKEY protocol");
        WriteAlgorithm(p, "DNSKEY algorithm");
        p.WriteBase64Rest("DNSKEY public key (base64)");
    }

    internal static void FormatDnskey(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        r.AppendUInt8Field(sb);
        r.AppendUInt8Field(sb);
        sb.Append(Convert.ToBase64String(r.ReadRequiredRest("DNSKEY public key")));
    }

    /// <summary>DNSSEC algorithm as a number or an IANA mnemonic (RFC 4034 Appendix A.1 and successors).</summary>
    internal static void WriteAlgorithm(RdataParser p, string what)
    {
        ReadOnlySpan<char> text = p.Next(what);
        if (RdataParser.TryParseNumber(text, byte.MaxValue, out ulong number))
        {
            p.Output.WriteByte((byte)number);
            return;
        }
        byte? value = text.ToString().ToUpperInvariant() switch
        {
            "RSAMD5" => 1,
            "DH" => 2,
            "DSA" => 3,
            "RSASHA1" => 5,
            "DSA-NSEC3-SHA1" => 6,
            "RSASHA1-NSEC3-SHA1" => 7,
            "RSASHA256" => 8,
            "RSASHA512" => 10,
            "ECC-GOST" => 12,
            "ECDSAP256SHA256" => 13,
            "ECDSAP384SHA384" => 14,
            "ED25519" => 15,
            "ED448" => 16,
            "INDIRECT" => 252,
            "PRIVATEDNS" => 253,
            "PRIVATEOID" => 254,
            _ => null,
        };
        if (value is null) throw p.FailLast($"bad {what} '{text}': expected a number from 0 to 255 or a mnemonic like RSASHA256 or ECDSAP256SHA256");
        p.Output.WriteByte(value.Value);
    }

    internal static void EncodeUri(RdataParser p)
    {
        p.WriteUInt16("URI priority");
        p.WriteUInt16("URI weight");
        int before = p.Output.Length;
        p.WriteRawString("URI target");
        if (p.Output.Length == before) throw p.FailLast("empty URI target");
    }

    internal static void FormatUri(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        r.AppendUInt16Field(sb);
        r.AppendUInt16Field(sb);
        CharacterString.AppendQuoted(sb, r.ReadRequiredRest("URI target"));
    }
}
