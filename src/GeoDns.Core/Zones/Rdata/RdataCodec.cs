using System.Text;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// The record-type table: mnemonic ↔ number ↔ encoder/formatter, plus RFC 3597 generic RDATA
/// (<c>TYPEnnn</c>, <c>\# length hex</c>) for every type, known or not.
/// </summary>
internal static class RdataCodec
{
    private sealed record TypeEntry(ushort Type, string Name, RdataEncoder? Encode, RdataFormatter? Format);

    private static readonly Dictionary<string, TypeEntry> s_byName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<ushort, TypeEntry> s_byNumber = [];
    private static readonly Dictionary<string, TypeEntry>.AlternateLookup<ReadOnlySpan<char>> s_byNameSpan;

    static RdataCodec()
    {
        Register(RRType.A, "A", BasicRdata.EncodeA, BasicRdata.FormatA);
        Register(RRType.NS, "NS", BasicRdata.EncodeSingleName, BasicRdata.FormatSingleName);
        Register(RRType.CNAME, "CNAME", BasicRdata.EncodeSingleName, BasicRdata.FormatSingleName);
        Register(RRType.SOA, "SOA", BasicRdata.EncodeSoa, BasicRdata.FormatSoa);
        Register(RRType.PTR, "PTR", BasicRdata.EncodeSingleName, BasicRdata.FormatSingleName);
        Register(RRType.HINFO, "HINFO", BasicRdata.EncodeHinfo, BasicRdata.FormatHinfo);
        Register(RRType.MX, "MX", BasicRdata.EncodeMx, BasicRdata.FormatMx);
        Register(RRType.TXT, "TXT", BasicRdata.EncodeTxt, BasicRdata.FormatTxt);
        Register(RRType.AAAA, "AAAA", BasicRdata.EncodeAaaa, BasicRdata.FormatAaaa);
        Register(RRType.SRV, "SRV", BasicRdata.EncodeSrv, BasicRdata.FormatSrv);
        Register(RRType.DNAME, "DNAME", BasicRdata.EncodeSingleName, BasicRdata.FormatSingleName);
        Register(99, "SPF", BasicRdata.EncodeTxt, BasicRdata.FormatTxt);
        MoreRdata.RegisterAll();

        // Known mnemonics whose RDATA we only accept in RFC 3597 form.
        foreach ((ushort type, string name) in new (ushort, string)[]
        {
            (RRType.RRSIG, "RRSIG"), (RRType.NSEC, "NSEC"), (RRType.NSEC3, "NSEC3"), (51, "NSEC3PARAM"),
            (59, "CDS"), (60, "CDNSKEY"), (61, "OPENPGPKEY"), (62, "CSYNC"), (63, "ZONEMD"),
            (17, "RP"), (18, "AFSDB"), (RRType.OPT, "OPT"),
        })
        {
            if (!s_byNumber.ContainsKey(type)) Register(type, name, null, null);
        }
        s_byNameSpan = s_byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }


    internal static void Register(ushort type, string name, RdataEncoder? encode, RdataFormatter? format)
    {
        var entry = new TypeEntry(type, name, encode, format);
        s_byName[name] = entry;
        s_byNumber[type] = entry;
    }

    /// <summary>Type mnemonic or <c>TYPEnnn</c> to number.</summary>
    public static bool TryGetType(ReadOnlySpan<char> name, out ushort type)
    {
        if (s_byNameSpan.TryGetValue(name, out TypeEntry? entry))
        {
            type = entry.Type;
            return true;
        }
        return TryParsePrefixedNumber(name, "TYPE", out type);
    }

    /// <summary>Mnemonic of a type, or <c>TYPEnnn</c>.</summary>
    public static string TypeName(ushort type) =>
        s_byNumber.TryGetValue(type, out TypeEntry? entry) ? entry.Name : "TYPE" + type.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Class mnemonic (IN, CH, HS) or <c>CLASSnnn</c> to number.</summary>
    public static bool TryGetClass(ReadOnlySpan<char> name, out ushort @class)
    {
        if (name.Equals("IN", StringComparison.OrdinalIgnoreCase)) { @class = RRClass.IN; return true; }
        if (name.Equals("CH", StringComparison.OrdinalIgnoreCase)) { @class = RRClass.CH; return true; }
        if (name.Equals("HS", StringComparison.OrdinalIgnoreCase)) { @class = RRClass.HS; return true; }
        return TryParsePrefixedNumber(name, "CLASS", out @class);
    }

    public static string ClassName(ushort @class) => @class switch
    {
        RRClass.IN => "IN",
        RRClass.CH => "CH",
        RRClass.HS => "HS",
        _ => "CLASS" + @class.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool TryParsePrefixedNumber(ReadOnlySpan<char> text, string prefix, out ushort value)
    {
        value = 0;
        if (text.Length <= prefix.Length || !text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        if (!RdataParser.TryParseNumber(text[prefix.Length..], ushort.MaxValue, out ulong v)) return false;
        value = (ushort)v;
        return true;
    }

    /// <summary>Encodes the RDATA tokens for <paramref name="type"/> into <see cref="RdataParser.Output"/>.</summary>
    public static void Encode(ushort type, RdataParser parser)
    {
        s_byNumber.TryGetValue(type, out TypeEntry? entry);
        if (!parser.AtEnd && parser.Peek() is "\\#" && !parser.PeekIsQuoted())
        {
            int at = parser.Index;
            EncodeGeneric(parser);
            if (entry?.Format is { } format)
            {
                // The bytes must still make sense for a type we know (names inside are used later).
                try
                {
                    format(parser.Output.Written, new StringBuilder());
                }
                catch (InvalidWireRdataException e)
                {
                    throw new RdataFormatException($"RDATA in \\# form is not valid {entry.Name} RDATA ({e.Message})", at);
                }
            }
            return;
        }
        if (entry is null)
            throw parser.Fail($"RDATA of {TypeName(type)} must be written in RFC 3597 form: \\# <length> <hex>");
        if (entry.Encode is null)
            throw parser.Fail($"RDATA of {entry.Name} is only supported in RFC 3597 form: \\# <length> <hex>");
        entry.Encode(parser);
        parser.ExpectEnd();
        if (parser.Output.Length > RdataBuilder.MaxRdataLength)
            throw new RdataFormatException("RDATA longer than 65535 bytes", -1);
    }

    /// <summary>Presentation form of wire RDATA; unknown types and malformed data use RFC 3597 <c>\# len hex</c>.</summary>
    public static string Format(ushort type, ReadOnlySpan<byte> rdata)
    {
        var sb = new StringBuilder();
        AppendFormatted(type, rdata, sb);
        return sb.ToString();
    }

    public static void AppendFormatted(ushort type, ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        if (s_byNumber.TryGetValue(type, out TypeEntry? entry) && entry.Format is { } format)
        {
            int mark = sb.Length;
            try
            {
                format(rdata, sb);
                return;
            }
            catch (InvalidWireRdataException)
            {
                sb.Length = mark;
            }
        }
        FormatGeneric(rdata, sb);
    }

    private static void EncodeGeneric(RdataParser p)
    {
        p.Next("\\#");
        int length = (int)p.ReadNumber("RDATA length after \\#", ushort.MaxValue);
        int lengthToken = p.Index - 1;
        p.WriteHexRest("hex RDATA after \\# length", allowEmpty: true);
        if (p.Output.Length != length)
            throw new RdataFormatException($"\\# length says {length} bytes but the hex data has {p.Output.Length}", lengthToken);
    }

    private static void FormatGeneric(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        sb.Append("\\# ");
        WireReader.AppendNumber(sb, (ulong)rdata.Length);
        if (rdata.Length > 0)
        {
            sb.Append(' ');
            WireReader.AppendHex(sb, rdata);
        }
    }
}
