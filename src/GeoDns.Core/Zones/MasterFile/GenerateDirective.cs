using System.Globalization;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// <c>$GENERATE start-stop[/step] lhs [ttl] [class] type rhs...</c> (BIND syntax): checks the range and
/// the <c>${offset,width,base}</c> templates, then hands each generated line to the session's record
/// parser. Errors go to the session's diagnostics, placed by the session's <c>Location</c>.
/// </summary>
internal sealed class GenerateDirective
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly Func<TokenList, int, SourceLocation> _location;
    private readonly Action<TokenList> _processRecord;
    private readonly TokenList _generated = new();
    private readonly int _maxRecords;
    private readonly Func<int> _zoneRoom;

    /// <param name="diagnostics">Where errors are added (the session's list; its count also limits errors per directive).</param>
    /// <param name="location">Maps a token of a line to its file:line:col.</param>
    /// <param name="processRecord">Parses one generated line as a record, with the session's origin and TTL state.</param>
    /// <param name="maxRecords">Most records one directive may make (<see cref="MasterFileOptions.MaxGenerateRecords"/>).</param>
    /// <param name="zoneRoom">How many more records the zone may hold (<see cref="MasterFileOptions.MaxRecords"/> less those read).</param>
    public GenerateDirective(List<Diagnostic> diagnostics, Func<TokenList, int, SourceLocation> location, Action<TokenList> processRecord, int maxRecords, Func<int> zoneRoom)
    {
        _maxRecords = maxRecords;
        _zoneRoom = zoneRoom;
        _diagnostics = diagnostics;
        _location = location;
        _processRecord = processRecord;
    }

    /// <summary>Expands one <c>$GENERATE</c> line; <paramref name="tokens"/>[0] is the directive name.</summary>
    public void Expand(TokenList tokens)
    {
        if (tokens.Count < 4)
        {
            Error(_location(tokens, tokens.Count), "$GENERATE needs a range, an owner, a type and RDATA: $GENERATE start-stop[/step] lhs [ttl] [class] type rhs");
            return;
        }
        if (!TryParseRange(tokens[1], out long start, out long stop, out long step))
        {
            Error(_location(tokens, 1), $"bad $GENERATE range '{tokens[1]}': expected start-stop or start-stop/step with 0 <= start <= stop and step >= 1");
            return;
        }
        // Counted from the range before anything is made: a typo like 0-9999999 costs nothing.
        long count = (stop - start) / step + 1;
        if (count > _maxRecords)
        {
            Error(_location(tokens, 1), $"$GENERATE range '{tokens[1]}' would make {count} records, more than {_maxRecords} (Zones:MaxGenerateRecords)");
            return;
        }
        int room = _zoneRoom();
        if (count > room)
        {
            Error(_location(tokens, 1), $"$GENERATE range '{tokens[1]}' would make {count} records, more than the {Math.Max(room, 0)} the zone has room for (Zones:MaxRecordsPerZone)");
            return;
        }

        // Check the templates once, so a bad ${...} is reported once rather than per record.
        for (int k = 2; k < tokens.Count; k++)
        {
            if (!TryCheckTemplate(tokens[k], out string? error))
            {
                Error(_location(tokens, k), $"bad $GENERATE template '{tokens[k]}': {error}");
                return;
            }
        }

        int errorsBefore = _diagnostics.Count;
        for (long value = start; value <= stop; value += step)
        {
            _generated.Clear();
            for (int k = 2; k < tokens.Count; k++)
            {
                int at = _generated.BeginToken();
                Substitute(tokens[k], value, _generated);
                _generated.EndToken(at, tokens.IsQuoted(k), tokens.Line(k), tokens.Column(k));
            }
            _processRecord(_generated);
            if (_diagnostics.Count - errorsBefore >= 10)
            {
                Error(_location(tokens, 0), "$GENERATE stopped after 10 errors");
                break;
            }
        }
    }

    private void Error(SourceLocation location, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, location, message));

    private static bool TryParseRange(ReadOnlySpan<char> text, out long start, out long stop, out long step)
    {
        start = stop = 0;
        step = 1;
        int dash = text.IndexOf('-');
        if (dash <= 0) return false;
        int slash = text.IndexOf('/');
        ReadOnlySpan<char> stopText = slash < 0 ? text[(dash + 1)..] : text[(dash + 1)..slash];
        if (!RdataParser.TryParseNumber(text[..dash], int.MaxValue, out ulong a)) return false;
        if (!RdataParser.TryParseNumber(stopText, int.MaxValue, out ulong b)) return false;
        if (slash >= 0)
        {
            if (slash < dash || !RdataParser.TryParseNumber(text[(slash + 1)..], int.MaxValue, out ulong s) || s == 0) return false;
            step = (long)s;
        }
        start = (long)a;
        stop = (long)b;
        return start <= stop;
    }

    private static bool TryCheckTemplate(ReadOnlySpan<char> template, out string? error)
    {
        error = null;
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] == '\\')
            {
                i++;
                continue;
            }
            if (template[i] != '$' || i + 1 >= template.Length || template[i + 1] != '{') continue;
            int close = template[(i + 2)..].IndexOf('}');
            if (close < 0)
            {
                error = "'${' without a closing '}'";
                return false;
            }
            if (!TryParseModifier(template.Slice(i + 2, close), out _, out _, out _))
            {
                error = "expected ${offset}, ${offset,width} or ${offset,width,base} with base d, o, x, X, n or N";
                return false;
            }
            i += 2 + close;
        }
        return true;
    }

    private static bool TryParseModifier(ReadOnlySpan<char> text, out long offset, out int width, out char format)
    {
        offset = 0;
        width = 0;
        format = 'd';
        Span<Range> parts = stackalloc Range[4];
        int count = text.Split(parts, ',');
        if (count is < 1 or > 3) return false;
        ReadOnlySpan<char> o = text[parts[0]].Trim();
        bool negative = o.Length > 0 && o[0] == '-';
        if (negative || (o.Length > 0 && o[0] == '+')) o = o[1..];
        if (!RdataParser.TryParseNumber(o, int.MaxValue, out ulong off)) return false;
        offset = negative ? -(long)off : (long)off;
        if (count >= 2)
        {
            if (!RdataParser.TryParseNumber(text[parts[1]].Trim(), 255, out ulong w)) return false;
            width = (int)w;
        }
        if (count == 3)
        {
            ReadOnlySpan<char> f = text[parts[2]].Trim();
            if (f.Length != 1 || f[0] is not ('d' or 'o' or 'x' or 'X' or 'n' or 'N')) return false;
            format = f[0];
        }
        return true;
    }

    /// <summary>Replaces <c>$</c> and <c>${offset,width,base}</c> by the iterator value; <c>\$</c> and <c>$$</c> stay a literal dollar.</summary>
    private static void Substitute(ReadOnlySpan<char> template, long value, TokenList output)
    {
        Span<char> number = stackalloc char[600];
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '\\')
            {
                output.Append(c);
                if (i + 1 < template.Length) output.Append(template[++i]);
                continue;
            }
            if (c != '$')
            {
                output.Append(c);
                continue;
            }
            if (i + 1 < template.Length && template[i + 1] == '$')
            {
                output.Append("\\$");
                i++;
                continue;
            }
            long offset = 0;
            int width = 0;
            char format = 'd';
            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                int close = template[(i + 2)..].IndexOf('}');
                TryParseModifier(template.Slice(i + 2, close), out offset, out width, out format);
                i += 2 + close;
            }
            int length = FormatValue(value + offset, width, format, number);
            output.Append(number[..length]);
        }
    }

    private static int FormatValue(long value, int width, char format, Span<char> destination)
    {
        if (format is 'n' or 'N')
        {
            // Least significant nibble first, dot-separated; width counts characters including dots (as BIND).
            const string lower = "0123456789abcdef", upper = "0123456789ABCDEF";
            string digits = format == 'n' ? lower : upper;
            ulong v = (ulong)value;
            int at = 0, remaining = width;
            do
            {
                destination[at++] = digits[(int)(v & 0xF)];
                v >>= 4;
                if (remaining > 0) remaining--;
                if (remaining > 0 || v != 0)
                {
                    destination[at++] = '.';
                    if (remaining > 0) remaining--;
                }
            }
            while (v != 0 || remaining > 0);
            return at;
        }
        string text = format switch
        {
            'o' => Convert.ToString(value, 8),
            'x' => value.ToString("x", CultureInfo.InvariantCulture),
            'X' => value.ToString("X", CultureInfo.InvariantCulture),
            _ => value.ToString(CultureInfo.InvariantCulture),
        };
        int pad = Math.Max(0, width - text.Length);
        destination[..pad].Fill('0');
        text.AsSpan().CopyTo(destination[pad..]);
        return pad + text.Length;
    }
}
