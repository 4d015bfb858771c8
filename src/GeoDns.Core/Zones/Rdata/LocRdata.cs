using System.Text;

namespace GeoDns.Core.Zones.Rdata;

// LOC (RFC 1876): d1 [m1 [s1]] {N|S} d2 [m2 [s2]] {E|W} alt[m] [siz[m] [hp[m] [vp[m]]]]
internal static class LocRdata
{
    private const uint LocEquator = 1u << 31;           // latitude/longitude origin, thousandths of an arc second
    private const long LocAltitudeBase = 10_000_000;      // altitude origin: 100,000 m below the WGS 84 spheroid, in cm

    internal static void EncodeLoc(RdataParser p)
    {
        uint latitude = ReadLocAngle(p, 90, 'N', 'S', "latitude");
        uint longitude = ReadLocAngle(p, 180, 'E', 'W', "longitude");

        ReadOnlySpan<char> altText = p.Next("LOC altitude");
        if (!TryParseFixed(TrimMeters(altText), 2, allowNegative: true, out long altCm) || altCm < -LocAltitudeBase || altCm > uint.MaxValue - LocAltitudeBase)
            throw p.FailLast($"bad LOC altitude '{altText}': expected meters from -100000.00 to 42849672.95, like 10m or -2.5m");

        byte size = 0x12, horizontal = 0x16, vertical = 0x13;   // defaults: 1m, 10000m, 10m
        if (!p.AtEnd) size = ReadLocPrecision(p, "LOC size");
        if (!p.AtEnd) horizontal = ReadLocPrecision(p, "LOC horizontal precision");
        if (!p.AtEnd) vertical = ReadLocPrecision(p, "LOC vertical precision");

        p.Output.WriteByte(0);
        p.Output.WriteByte(size);
        p.Output.WriteByte(horizontal);
        p.Output.WriteByte(vertical);
        p.Output.WriteUInt32(latitude);
        p.Output.WriteUInt32(longitude);
        p.Output.WriteUInt32((uint)(altCm + LocAltitudeBase));
    }

    internal static uint ReadLocAngle(RdataParser p, int maxDegrees, char positive, char negative, string what)
    {
        string expected = $"expected degrees [minutes [seconds]] followed by {positive} or {negative}";
        ReadOnlySpan<char> degText = p.Next($"LOC {what}");
        if (!RdataParser.TryParseNumber(degText, (ulong)maxDegrees, out ulong degrees))
            throw p.FailLast($"bad LOC {what} degrees '{degText}': {expected}, degrees from 0 to {maxDegrees}");
        ulong minutes = 0;
        long thousandths = 0;
        ReadOnlySpan<char> t = p.Next($"LOC {what} hemisphere ({positive} or {negative})");
        if (!IsHemisphere(t, positive, negative))
        {
            if (!RdataParser.TryParseNumber(t, 59, out minutes)) throw p.FailLast($"bad LOC {what} minutes '{t}': {expected}, minutes from 0 to 59");
            t = p.Next($"LOC {what} hemisphere ({positive} or {negative})");
            if (!IsHemisphere(t, positive, negative))
            {
                if (!TryParseFixed(t, 3, allowNegative: false, out thousandths) || thousandths >= 60_000)
                    throw p.FailLast($"bad LOC {what} seconds '{t}': {expected}, seconds from 0 to 59.999");
                t = p.Next($"LOC {what} hemisphere ({positive} or {negative})");
                if (!IsHemisphere(t, positive, negative)) throw p.FailLast($"bad LOC {what} hemisphere '{t}': expected {positive} or {negative}");
            }
        }
        long value = (long)degrees * 3_600_000 + (long)minutes * 60_000 + thousandths;
        if (value > (long)maxDegrees * 3_600_000) throw p.FailLast($"LOC {what} is beyond {maxDegrees} degrees");
        bool isNegative = char.ToUpperInvariant(t[0]) == negative;
        return isNegative ? (uint)(LocEquator - value) : (uint)(LocEquator + value);
    }

    internal static bool IsHemisphere(ReadOnlySpan<char> t, char positive, char negative) =>
        t.Length == 1 && (char.ToUpperInvariant(t[0]) == positive || char.ToUpperInvariant(t[0]) == negative);

    internal static ReadOnlySpan<char> TrimMeters(ReadOnlySpan<char> text) =>
        text.Length > 0 && text[^1] is 'm' or 'M' ? text[..^1] : text;

    internal static byte ReadLocPrecision(RdataParser p, string what)
    {
        ReadOnlySpan<char> text = p.Next(what);
        if (!TryParseFixed(TrimMeters(text), 2, allowNegative: false, out long cm) || cm > 9_000_000_000)
            throw p.FailLast($"bad {what} '{text}': expected meters from 0 to 90000000.00, like 1m or 10000m");
        int exponent = 0;
        while (cm >= 10)
        {
            cm /= 10;
            exponent++;
        }
        return (byte)(cm << 4 | (long)exponent);
    }

    /// <summary>Decimal with up to <paramref name="decimals"/> fraction digits, scaled to an integer (e.g. "1.5" with 2 → 150).</summary>
    internal static bool TryParseFixed(ReadOnlySpan<char> text, int decimals, bool allowNegative, out long value)
    {
        value = 0;
        bool negative = false;
        if (allowNegative && text.Length > 0 && text[0] == '-')
        {
            negative = true;
            text = text[1..];
        }
        int dot = text.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? text : text[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? [] : text[(dot + 1)..];
        if (whole.IsEmpty || fraction.Length > decimals || (dot >= 0 && fraction.IsEmpty)) return false;
        if (!RdataParser.TryParseNumber(whole, 100_000_000_000, out ulong w)) return false;
        long result = (long)w;
        for (int i = 0; i < decimals; i++)
        {
            int digit = 0;
            if (i < fraction.Length)
            {
                digit = fraction[i] - '0';
                if ((uint)digit > 9) return false;
            }
            result = result * 10 + digit;
        }
        value = negative ? -result : result;
        return true;
    }

    internal static void FormatLoc(ReadOnlySpan<byte> rdata, StringBuilder sb)
    {
        var r = new WireReader(rdata);
        if (r.ReadUInt8() != 0) throw new InvalidWireRdataException("unknown LOC version");
        byte size = r.ReadUInt8(), horizontal = r.ReadUInt8(), vertical = r.ReadUInt8();
        uint latitude = r.ReadUInt32(), longitude = r.ReadUInt32(), altitude = r.ReadUInt32();
        r.ExpectEnd();
        AppendLocAngle(sb, latitude, 90, 'N', 'S');
        sb.Append(' ');
        AppendLocAngle(sb, longitude, 180, 'E', 'W');
        sb.Append(' ');
        AppendCentimeters(sb, (long)altitude - LocAltitudeBase);
        foreach (byte precision in (ReadOnlySpan<byte>)[size, horizontal, vertical])
        {
            int mantissa = precision >> 4, exponent = precision & 0xF;
            if (mantissa > 9 || exponent > 9) throw new InvalidWireRdataException("bad LOC precision");
            long cm = mantissa;
            for (int i = 0; i < exponent; i++) cm *= 10;
            sb.Append(' ');
            AppendCentimeters(sb, cm);
        }
    }

    internal static void AppendLocAngle(StringBuilder sb, uint raw, int maxDegrees, char positive, char negative)
    {
        long value = (long)raw - LocEquator;
        char hemisphere = value < 0 ? negative : positive;
        value = Math.Abs(value);
        if (value > (long)maxDegrees * 3_600_000) throw new InvalidWireRdataException("LOC angle out of range");
        WireReader.AppendNumber(sb, (ulong)(value / 3_600_000));
        sb.Append(' ');
        WireReader.AppendNumber(sb, (ulong)(value % 3_600_000 / 60_000));
        sb.Append(' ');
        long ms = value % 60_000;
        WireReader.AppendNumber(sb, (ulong)(ms / 1000));
        sb.Append('.');
        sb.Append((char)('0' + ms / 100 % 10)).Append((char)('0' + ms / 10 % 10)).Append((char)('0' + ms % 10));
        sb.Append(' ').Append(hemisphere);
    }

    internal static void AppendCentimeters(StringBuilder sb, long cm)
    {
        if (cm < 0)
        {
            sb.Append('-');
            cm = -cm;
        }
        WireReader.AppendNumber(sb, (ulong)(cm / 100));
        if (cm % 100 != 0) sb.Append('.').Append((char)('0' + cm / 10 % 10)).Append((char)('0' + cm % 10));
        sb.Append('m');
    }
}
