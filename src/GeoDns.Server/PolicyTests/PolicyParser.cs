using System.Globalization;
using System.Net;
using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Explain;

namespace GeoDns.Server.PolicyTests;

/// <summary>
/// Parses one line of a policy test file:
/// <code>NAME [IN] TYPE [from IP] [ecs PREFIX] [down REGION[,REGION...]] -> EXPECTED [scope N] [ttl N]</code>
/// NAME is absolute (the trailing dot is optional); EXPECTED is NXDOMAIN, NODATA, REFERRAL,
/// REFUSED, SERVFAIL, or one or more RDATA values of TYPE in master-file form (separated by
/// commas; one-field values such as addresses may also be separated by blanks), each optionally
/// a chain link <c>CNAME target</c> (for TYPE CNAME the word is optional). Each problem is one error at its line and column.
/// </summary>
internal static class PolicyParser
{
    private const string Arrow = "->";
    private static readonly string[] Outcomes = ["NXDOMAIN", "NODATA", "REFERRAL", "REFUSED", "SERVFAIL"];
    private const string OutcomeList = "NXDOMAIN, NODATA, REFERRAL, REFUSED or SERVFAIL";

    /// <summary>The test on <paramref name="line"/>, or null for a blank or comment line or one with errors (added to <paramref name="diagnostics"/>).</summary>
    public static PolicyTest? ParseLine(string line, string file, int lineNumber, List<Diagnostic> diagnostics)
    {
        var tokens = PolicyLexer.Split(line, out string? lexError, out int lexColumn);
        if (lexError is not null)
        {
            diagnostics.Add(Error(file, lineNumber, lexColumn, lexError));
            return null;
        }
        if (tokens.Count == 0) return null;
        var session = new LineSession(file, lineNumber, tokens, EndColumn(line, tokens));
        try
        {
            return session.Parse();
        }
        catch (LineError error)
        {
            diagnostics.Add(Error(file, lineNumber, error.Column, error.Message));
            return null;
        }
    }

    private static int EndColumn(string line, List<PolicyToken> tokens)
    {
        var last = tokens[^1];
        return last.Column + last.Text.Length + (last.Quoted ? 2 : 0);
    }

    private static Diagnostic Error(string file, int line, int column, string message) =>
        new(DiagnosticSeverity.Error, new SourceLocation(file, line, column), message);

    /// <summary>A problem on the line (the first one ends its parse).</summary>
    private sealed class LineError(int column, string message) : Exception(message)
    {
        public int Column { get; } = column;
    }

    private sealed class LineSession(string file, int line, List<PolicyToken> tokens, int endColumn)
    {
        private int _at;

        private PolicyToken? Peek => _at < tokens.Count ? tokens[_at] : null;

        public PolicyTest Parse()
        {
            var nameToken = tokens[_at++];
            if (nameToken.Quoted || nameToken.Text == Arrow || nameToken.Text == ",")
                throw new LineError(nameToken.Column, $"expected a domain name first, not {Show(nameToken)}");
            byte[] name = PresentationName.ParseToArray(nameToken.Text, DnsName.Root, lowerCase: false, out string? problem) ?? [];
            if (name.Length == 0 || problem is not null)
                throw new LineError(nameToken.Column, $"bad name '{nameToken.Text}': {problem}");

            ushort type = ReadType();
            IPAddress? from = null;
            IPAddress? ecsAddress = null;
            int ecsPrefix = 0;
            List<PolicyRegionRef>? down = null;
            while (true)
            {
                var option = Peek ?? throw new LineError(endColumn, $"missing '->' and the expected answer (values, or {OutcomeList})");
                if (option.Text == Arrow && !option.Quoted) break;
                _at++;
                if (option.Is("from"))
                {
                    if (from is not null) throw new LineError(option.Column, "'from' given twice");
                    from = ReadAddress(option);
                }
                else if (option.Is("ecs"))
                {
                    if (ecsAddress is not null) throw new LineError(option.Column, "'ecs' given twice");
                    (ecsAddress, ecsPrefix) = ReadPrefix(option);
                }
                else if (option.Is("down"))
                {
                    if (down is not null) throw new LineError(option.Column, "'down' given twice (list the regions once, separated by commas)");
                    down = ReadRegions(option);
                }
                else
                {
                    throw new LineError(option.Column, $"unknown option {Show(option)} (expected from, ecs, down, or '->' and the expected answer)");
                }
            }
            _at++; // the arrow
            var expected = ReadExpectation(type, ecsAddress is not null);

            var description = new StringBuilder(nameToken.Text).Append(' ').Append(RdataCodec.TypeName(type));
            if (from is not null) description.Append(" from ").Append(from);
            if (ecsAddress is not null) description.Append(CultureInfo.InvariantCulture, $" ecs {ecsAddress}/{ecsPrefix}");
            if (down is not null) description.Append(" down ").AppendJoin(',', down.ConvertAll(r => r.Name));
            return new PolicyTest(new SourceLocation(file, line, nameToken.Column), description.ToString(), name, type,
                from ?? PolicyTest.DefaultFrom, ecsAddress, ecsPrefix, down ?? [], expected);
        }

        private ushort ReadType()
        {
            var token = Peek ?? throw new LineError(endColumn, "missing the record type after the name (A, AAAA, MX, TXT, TYPEnnn ...)");
            // An optional class: only IN is served.
            if (token.Is("IN") && _at + 1 < tokens.Count && !tokens[_at + 1].Is(Arrow))
            {
                _at++;
                token = tokens[_at];
            }
            if (token.Quoted || !RdataCodec.TryGetType(token.Text, out ushort type))
            {
                string hint = token.Is("from") || token.Is("ecs") || token.Is("down") || token.Is(Arrow)
                    ? $"missing the record type before {Show(token)}"
                    : $"unknown record type {Show(token)} (write a mnemonic such as A, AAAA, MX, TXT, or TYPEnnn)";
                throw new LineError(token.Column, hint);
            }
            _at++;
            return type;
        }

        private PolicyToken ArgumentOf(PolicyToken option, string what)
        {
            var value = Peek;
            if (value is null || value.Value.Is(Arrow) || value.Value.Text == "," && !value.Value.Quoted)
                throw new LineError(value?.Column ?? endColumn, $"'{option.Text}' needs {what}");
            _at++;
            return value.Value;
        }

        private IPAddress ReadAddress(PolicyToken option)
        {
            var token = ArgumentOf(option, "an IP address (the packet's source address, e.g. 192.0.2.7)");
            if (token.Quoted || token.Text.Contains('/', StringComparison.Ordinal) || token.Text.Contains('%', StringComparison.Ordinal)
                || !IsFullAddress(token.Text) || !IPAddress.TryParse(token.Text, out var address))
            {
                throw new LineError(token.Column, $"'{token.Text}' is not an IP address (from takes the packet's source address, e.g. 192.0.2.7; "
                    + "a client subnet is 'ecs 192.0.2.0/24')");
            }
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }

        private (IPAddress Address, int Prefix) ReadPrefix(PolicyToken option)
        {
            var token = ArgumentOf(option, "an address prefix (the EDNS Client Subnet, e.g. 198.51.100.0/24)");
            if (token.Quoted || !token.Text.Contains('/', StringComparison.Ordinal))
                throw new LineError(token.Column, $"'{token.Text}' is not an address prefix (write 198.51.100.0/24 or 2001:db8:1::/48)");
            string? problem = null;
            if (!IsFullAddress(token.Text.AsSpan(0, token.Text.IndexOf('/', StringComparison.Ordinal))))
                throw new LineError(token.Column, $"'{token.Text}' is not an IP address (write 198.51.100.0/24 or 2001:db8:1::/48)");
            if (!Explainer.TryParseClient(token.Text, out var address, out int prefix, out _, out bool masked, out problem))
                throw new LineError(token.Column, $"'{token.Text}' {problem}");
            if (masked)
                throw new LineError(token.Column, $"'{token.Text}' has address bits set beyond /{prefix} (write {address}/{prefix})");
            return (address, prefix);
        }

        private List<PolicyRegionRef> ReadRegions(PolicyToken option)
        {
            var regions = new List<PolicyRegionRef>();
            while (true)
            {
                var token = ArgumentOf(option, regions.Count == 0 ? "region names (down eu-west,us-east)" : "a region name after ','");
                if (token.Quoted) throw new LineError(token.Column, $"region names are not quoted: {Show(token)}");
                regions.Add(new PolicyRegionRef(token.Text, token.Column));
                if (Peek is { Quoted: false, Text: "," }) _at++;
                else return regions;
            }
        }

        private PolicyExpectation ReadExpectation(ushort type, bool hasEcs)
        {
            int end = tokens.Count;
            int? scope = null;
            uint? ttl = null;
            // Trailing "scope N" and "ttl N", in either order.
            while (end - _at >= 1)
            {
                var last = tokens[end - 1];
                if (last.Is("scope") || last.Is("ttl"))
                    throw new LineError(endColumn, $"'{last.Text}' needs a number");
                if (end - _at < 2) break;
                var keyword = tokens[end - 2];
                if (keyword.Is("scope"))
                {
                    if (scope is not null) throw new LineError(keyword.Column, "'scope' given twice");
                    if (!hasEcs) throw new LineError(keyword.Column, "'scope' needs 'ecs PREFIX' before '->': only a query with an EDNS Client Subnet gets a scope back");
                    scope = (int)ReadNumber(last, 128, "scope");
                }
                else if (keyword.Is("ttl"))
                {
                    if (ttl is not null) throw new LineError(keyword.Column, "'ttl' given twice");
                    ttl = (uint)ReadNumber(last, int.MaxValue, "ttl");
                }
                else
                {
                    break;
                }
                end -= 2;
            }
            if (end == _at)
                throw new LineError(end < tokens.Count ? tokens[end].Column : endColumn, $"missing the expected answer after '->' (values, or {OutcomeList})");

            var first = tokens[_at];
            foreach (string outcome in Outcomes)
            {
                if (!first.Is(outcome)) continue;
                if (end - _at > 1) throw new LineError(tokens[_at + 1].Column, $"unexpected {Show(tokens[_at + 1])} after {outcome} (only 'scope N' and 'ttl N' may follow)");
                return new PolicyExpectation(OutcomeOf(outcome), [], scope, ttl);
            }

            var values = new List<PolicyValue>();
            int groupStart = _at;
            for (int i = _at; i <= end; i++)
            {
                if (i < end && !(tokens[i] is { Quoted: false, Text: "," })) continue;
                if (i == groupStart)
                {
                    int column = i < end ? tokens[i].Column : i < tokens.Count ? tokens[i].Column : endColumn;
                    throw new LineError(column, i == _at ? "expected a value before ','" : "missing a value after ','");
                }
                ReadGroup(groupStart, i, type, values);
                groupStart = i + 1;
            }
            return new PolicyExpectation(PolicyOutcome.Answer, values, scope, ttl);
        }

        /// <summary>Tokens [start, end) between commas: leading <c>CNAME target</c> links, then RDATA of <paramref name="type"/>.</summary>
        private void ReadGroup(int start, int end, ushort type, List<PolicyValue> values)
        {
            while (start < end && tokens[start].Is("CNAME"))
            {
                if (start + 1 >= end) throw new LineError(start + 1 < tokens.Count ? tokens[start + 1].Column : endColumn, "'CNAME' needs the target name");
                var target = tokens[start + 1];
                byte[]? name = target.Quoted ? null : PresentationName.ParseToArray(target.Text, DnsName.Root, lowerCase: false, out string? problem);
                if (name is null) throw new LineError(target.Column, $"bad CNAME target {Show(target)}");
                string text = RdataCodec.Format(RRType.CNAME, name);
                values.Add(new PolicyValue(RRType.CNAME, name, type == RRType.CNAME ? text : "CNAME " + text));
                start += 2;
            }
            if (start == end) return;
            for (int i = start; i < end; i++)
            {
                if (tokens[i].Is("scope") || tokens[i].Is("ttl"))
                    throw new LineError(tokens[i].Column, $"'{tokens[i].Text}' goes after the expected values");
            }

            var whole = TryEncode(type, start, end, out var wholeError);
            if (whole is not null)
            {
                values.Add(new PolicyValue(type, whole, RdataCodec.Format(type, whole)));
                return;
            }
            // Several one-field values separated by blanks ("192.0.2.1 192.0.2.2").
            if (end - start > 1 && TryEncode(type, start, start + 1, out _) is not null)
            {
                for (int i = start; i < end; i++)
                {
                    var single = TryEncode(type, i, i + 1, out var singleError) ?? throw singleError!;
                    values.Add(new PolicyValue(type, single, RdataCodec.Format(type, single)));
                }
                return;
            }
            throw wholeError!;
        }

        /// <summary>Encodes tokens [start, end) as one RDATA with the zone's parser (names absolute), or null with the error.</summary>
        private byte[]? TryEncode(ushort type, int start, int end, out LineError? error)
        {
            var list = new TokenList();
            for (int i = start; i < end; i++) list.Add(tokens[i].Text, tokens[i].Quoted, line, tokens[i].Column);
            var parser = new RdataParser();
            parser.Reset(list, 0, DnsName.Root.ToArray());
            try
            {
                RdataCodec.Encode(type, parser);
                error = null;
                return parser.Output.Written.ToArray();
            }
            catch (RdataFormatException ex)
            {
                int index = ex.TokenIndex;
                int column = index < 0 ? tokens[start].Column : start + index < end ? tokens[start + index].Column
                    : end < tokens.Count ? tokens[end].Column : endColumn;
                error = new LineError(column, $"bad {RdataCodec.TypeName(type)} value: {ex.Message}");
                return null;
            }
        }

        /// <summary>IPv6, or IPv4 written with four parts: IPAddress also takes "10.1" or "7" (as 10.0.0.1 and 0.0.0.7), which here is a mistake.</summary>
        private static bool IsFullAddress(ReadOnlySpan<char> text) => text.Contains(':') || text.Count('.') == 3;

        private static ulong ReadNumber(PolicyToken token, ulong max, string what)
        {
            if (token.Quoted || !RdataParser.TryParseNumber(token.Text, max, out ulong value))
                throw new LineError(token.Column, $"bad {what} {Show(token)}: expected a decimal number from 0 to {max}");
            return value;
        }

        private static PolicyOutcome OutcomeOf(string keyword) => keyword switch
        {
            "NXDOMAIN" => PolicyOutcome.NxDomain,
            "NODATA" => PolicyOutcome.NoData,
            "REFERRAL" => PolicyOutcome.Referral,
            "REFUSED" => PolicyOutcome.Refused,
            _ => PolicyOutcome.ServFail,
        };

        private static string Show(PolicyToken token) => token.Quoted ? $"\"{token.Text}\"" : $"'{token.Text}'";

    }
}
