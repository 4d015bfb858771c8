using System.Text;

namespace GeoDns.Core.Zones.Rdata;

// SVCB and HTTPS (RFC 9460): SvcPriority TargetName [key[=value] ...]
internal static class SvcbRdata
{
    private const ushort SvcMandatory = 0, SvcAlpn = 1, SvcNoDefaultAlpn = 2, SvcPort = 3, SvcIPv4Hint = 4, SvcEch = 5, SvcIPv6Hint = 6;

    private static readonly string[] s_svcKeyNames = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"];

    internal static void EncodeSvcb(RdataParser p)
    {
        p.WriteUInt16("SvcPriority");
        p.WriteName("TargetName");
        var parameters = new List<(ushort Key, byte[] Value, int Token)>();
        var scratch = new RdataBuilder();
        while (!p.AtEnd)
        {
            int token = p.Index;
            ReadOnlySpan<char> item = p.Next("SvcParam");
            if (p.LastWasQuoted) throw p.FailLast($"bad SvcParam '{item}': expected key or key=value");
            int eq = item.IndexOf('=');
            ReadOnlySpan<char> keyText = eq < 0 ? item : item[..eq];
            if (!TryParseSvcKey(keyText, out ushort key))
                throw p.FailLast($"unknown SvcParam key '{keyText}': expected mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint or keyNNNNN");

            scratch.Reset();
            bool hasValue = eq >= 0;
            if (hasValue)
            {
                ReadOnlySpan<char> valueText = item[(eq + 1)..];
                if (valueText.IsEmpty && !p.AtEnd && p.PeekIsQuoted()) valueText = p.Next("SvcParam value");
                if (CharacterString.Decode(valueText, scratch, out string? error) < 0) throw p.FailLast($"bad value of {keyText}: {error}");
            }
            byte[] value = EncodeSvcValue(p, key, keyText.ToString(), hasValue, scratch.Written);
            parameters.Add((key, value, token));
        }

        parameters.Sort((a, b) => a.Key.CompareTo(b.Key));
        for (int i = 0; i < parameters.Count; i++)
        {
            (ushort key, byte[] value, int token) = parameters[i];
            if (i > 0 && parameters[i - 1].Key == key) throw new RdataFormatException($"SvcParam {SvcKeyName(key)} given twice", token);
            p.Output.WriteUInt16(key);
            p.Output.WriteUInt16((ushort)value.Length);
            p.Output.Write(value);
        }
        foreach ((ushort key, byte[] value, int token) in parameters)
        {
            if (key != SvcMandatory) continue;
            for (int k = 0; k < value.Length; k += 2)
            {
                ushort listed = (ushort)(value[k] << 8 | value[k + 1]);
                if (!parameters.Exists(x => x.Key == listed))
                    throw new RdataFormatException($"mandatory lists {SvcKeyName(listed)} but that SvcParam is not present", token);
            }
        }
    }

    internal static byte[] EncodeSvcValue(RdataParser p, ushort key, string keyName, bool hasValue, ReadOnlySpan<byte> value)
    {
        var output = new RdataBuilder();
        switch (key)
        {
            case SvcMandatory:
            {
                var keys = new List<ushort>();
                foreach (string part in SplitPlain(value, keyName, p))
                {
                    if (!TryParseSvcKey(part, out ushort listed)) throw p.FailLast($"bad mandatory value: unknown key '{part}'");
                    if (listed == SvcMandatory) throw p.FailLast("mandatory must not list itself");
                    if (keys.Contains(listed)) throw p.FailLast($"mandatory lists {part} twice");
                    keys.Add(listed);
                }
                keys.Sort();
                foreach (ushort k in keys) output.WriteUInt16(k);
                break;
            }
            case SvcAlpn:
            {
                List<byte[]> ids = SplitValueList(value);
                if (!hasValue || ids.Count == 0) throw p.FailLast("alpn needs a value, like alpn=h2,h3");
                foreach (byte[] id in ids)
                {
                    if (id.Length is 0 or > 255) throw p.FailLast("each alpn id must be 1 to 255 bytes long");
                    output.WriteByte((byte)id.Length);
                    output.Write(id);
                }
                break;
            }
            case SvcNoDefaultAlpn:
                if (hasValue) throw p.FailLast("no-default-alpn takes no value");
                break;
            case SvcPort:
            {
                string text = Encoding.ASCII.GetString(value);
                if (!RdataParser.TryParseNumber(text, ushort.MaxValue, out ulong port)) throw p.FailLast($"bad port value '{text}': expected a number from 0 to 65535");
                output.WriteUInt16((ushort)port);
                break;
            }
            case SvcIPv4Hint:
            {
                Span<byte> address = stackalloc byte[4];
                foreach (string part in SplitPlain(value, keyName, p))
                {
                    if (!BasicRdata.TryParseIPv4(part, address)) throw p.FailLast($"bad ipv4hint address '{part}'");
                    output.Write(address);
                }
                break;
            }
            case SvcEch:
            {
                string text = Encoding.ASCII.GetString(value);
                byte[] bytes = new byte[text.Length];
                if (!hasValue || !Convert.TryFromBase64String(text, bytes, out int written) || written == 0)
                    throw p.FailLast("bad ech value: expected base64 (an ECHConfigList)");
                output.Write(bytes.AsSpan(0, written));
                break;
            }
            case SvcIPv6Hint:
            {
                Span<byte> address = stackalloc byte[16];
                foreach (string part in SplitPlain(value, keyName, p))
                {
                    if (!BasicRdata.TryParseIPv6(part, address)) throw p.FailLast($"bad ipv6hint address '{part}'");
                    output.Write(address);
                }
                break;
            }
            default:
                if (key == 65535) throw p.FailLast("key65535 is reserved");
                output.Write(value);
                break;
        }
        return output.ToArray();
    }

    internal static List<string> SplitPlain(ReadOnlySpan<byte> value, string keyName, RdataParser p)
    {
        var parts = new List<string>();
        string text = Encoding.UTF8.GetString(value);
        if (text.Length == 0) throw p.FailLast($"{keyName} needs a value");
        foreach (string part in text.Split(','))
        {
            if (part.Length == 0) throw p.FailLast($"empty item in the {keyName} list");
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>RFC 9460 Appendix A.1 value-list: items split at commas; <c>\,</c> and <c>\\</c> inside an item stand for a comma and a backslash.</summary>
    internal static List<byte[]> SplitValueList(ReadOnlySpan<byte> value)
    {
        var items = new List<byte[]>();
        if (value.IsEmpty) return items;
        var current = new List<byte>();
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == (byte)'\\' && i + 1 < value.Length)
            {
                current.Add(value[++i]);
            }
            else if (b == (byte)',')
            {
                items.Add([.. current]);
                current.Clear();
            }
            else
            {
                current.Add(b);
            }
        }
        items.Add([.. current]);
        return items;
    }

    internal static bool TryParseSvcKey(ReadOnlySpan<char> text, out ushort key)
    {
        for (int i = 0; i < s_svcKeyNames.Length; i++)
        {
            if (text.Equals(s_svcKeyNames[i], StringComparison.OrdinalIgnoreCase))
            {
                key = (ushort)i;
                return true;
            }
        }
        key = 0;
        return text.StartsWith("key", StringComparison.OrdinalIgnoreCase)
            && text.Length > 3
            && RdataParser.TryParseNumber(text[3..], ushort.MaxValue, out ulong number)
            && (key = (ushort)number) == number;
    }

    internal static string SvcKeyName(ushort key) =>
        key < s_svcKeyNames.Length ? s_svcKeyNames[key] : "key" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static void FormatSvcb(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        WireReader.AppendNumber(sb, r.ReadUInt16());
        sb.Append(' ');
        WireReader.AppendName(sb, r.ReadName());
        int previousKey = -1;
        while (!r.AtEnd)
        {
            ushort key = r.ReadUInt16();
            if (key <= previousKey) throw new InvalidWireRdataException("SvcParam keys out of order");
            previousKey = key;
            var value = new WireReader(r.ReadBytes(r.ReadUInt16()));
            sb.Append(' ').Append(SvcKeyName(key));
            switch (key)
            {
                case SvcMandatory:
                    sb.Append('=');
                    if (value.Remaining == 0 || value.Remaining % 2 != 0) throw new InvalidWireRdataException("bad mandatory");
                    for (bool first = true; !value.AtEnd; first = false)
                    {
                        if (!first) sb.Append(',');
                        sb.Append(SvcKeyName(value.ReadUInt16()));
                    }
                    break;
                case SvcAlpn:
                {
                    if (value.AtEnd) throw new InvalidWireRdataException("empty alpn");
                    var list = new List<byte>();
                    for (bool first = true; !value.AtEnd; first = false)
                    {
                        if (!first) list.Add((byte)',');
                        ReadOnlySpan<byte> id = value.ReadCharacterString();
                        if (id.IsEmpty) throw new InvalidWireRdataException("empty alpn id");
                        foreach (byte b in id)
                        {
                            if (b is (byte)',' or (byte)'\\') list.Add((byte)'\\');
                            list.Add(b);
                        }
                    }
                    sb.Append('=');
                    CharacterString.AppendQuoted(sb, list.ToArray());
                    break;
                }
                case SvcNoDefaultAlpn:
                    value.ExpectEnd();
                    break;
                case SvcPort:
                    sb.Append('=');
                    WireReader.AppendNumber(sb, value.ReadUInt16());
                    value.ExpectEnd();
                    break;
                case SvcIPv4Hint:
                    sb.Append('=');
                    if (value.Remaining == 0 || value.Remaining % 4 != 0) throw new InvalidWireRdataException("bad ipv4hint");
                    for (bool first = true; !value.AtEnd; first = false)
                    {
                        if (!first) sb.Append(',');
                        BasicRdata.AppendIPv4(sb, value.ReadBytes(4));
                    }
                    break;
                case SvcEch:
                    if (value.AtEnd) throw new InvalidWireRdataException("empty ech");
                    sb.Append("=\"").Append(Convert.ToBase64String(value.ReadRest())).Append('"');
                    break;
                case SvcIPv6Hint:
                    sb.Append('=');
                    if (value.Remaining == 0 || value.Remaining % 16 != 0) throw new InvalidWireRdataException("bad ipv6hint");
                    for (bool first = true; !value.AtEnd; first = false)
                    {
                        if (!first) sb.Append(',');
                        sb.Append(new System.Net.IPAddress(value.ReadBytes(16)).ToString());
                    }
                    break;
                default:
                    if (key == 65535) throw new InvalidWireRdataException("key65535 is reserved");
                    if (!value.AtEnd)
                    {
                        sb.Append('=');
                        CharacterString.AppendQuoted(sb, value.ReadRest());
                    }
                    break;
            }
        }
    }
}
