using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Splits master-file text into logical records (RFC 1035 §5.1): one line, or several lines joined
/// by parentheses; <c>;</c> starts a comment; quoted strings may hold blanks and <c>\"</c>.
/// Unterminated quotes and parentheses are reported where they opened. A logical record longer
/// than <c>maxLength</c> characters (its lines together) throws <see cref="MasterFileLimitException"/>.
/// </summary>
internal sealed class RecordLexer(LineReader lines, string fileName, List<Diagnostic> diagnostics, int maxLength = MasterFileOptions.DefaultMaxLineLength)
{
    private readonly int _maxLength = maxLength;
    private readonly LineReader _lines = lines;
    private readonly string _fileName = fileName;
    private readonly List<Diagnostic> _diagnostics = diagnostics;

    /// <summary>Reads the next non-empty logical record into <paramref name="tokens"/>; false at the end of the text.</summary>
    public bool ReadRecord(TokenList tokens)
    {
        tokens.Clear();
        int depth = 0, openLine = 0, openColumn = 0;
        bool first = true;
        long length = 0;
        while (_lines.TryReadLine(out ReadOnlySpan<char> line))
        {
            int lineNumber = _lines.LineNumber;
            length += line.Length + 1;
            if (length > _maxLength + 1L)
            {
                throw new MasterFileLimitException(
                    new SourceLocation(_fileName, depth > 0 ? openLine : lineNumber, depth > 0 ? openColumn : 1),
                    $"record longer than {_maxLength} characters (its lines joined by parentheses); not read further");
            }
            int countBefore = tokens.Count;
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (c is ' ' or '\t' or '\r' or '\f' or '\v')
                {
                    i++;
                    continue;
                }
                if (c == ';') break;
                if (c == '(')
                {
                    if (depth == 0)
                    {
                        openLine = lineNumber;
                        openColumn = i + 1;
                    }
                    depth++;
                    i++;
                    continue;
                }
                if (c == ')')
                {
                    if (depth == 0)
                    {
                        Report(lineNumber, i + 1, "')' without a matching '('");
                        tokens.HasError = true;
                    }
                    else
                    {
                        depth--;
                    }
                    i++;
                    continue;
                }
                if (c == '"')
                {
                    int start = i + 1, j = start;
                    while (j < line.Length && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
                    if (j >= line.Length)
                    {
                        Report(lineNumber, i + 1, "unterminated quoted string (no closing '\"' on this line)");
                        tokens.HasError = true;
                        tokens.Add(line[start..], true, lineNumber, i + 1);
                        i = line.Length;
                        continue;
                    }
                    tokens.Add(line[start..j], true, lineNumber, i + 1);
                    i = j + 1;
                    continue;
                }
                int wordStart = i;
                while (i < line.Length)
                {
                    char w = line[i];
                    if (w is ' ' or '\t' or '\r' or '\f' or '\v' or ';' or '(' or ')' or '"') break;
                    i += w == '\\' ? 2 : 1;
                }
                if (i > line.Length) i = line.Length;
                tokens.Add(line[wordStart..i], false, lineNumber, wordStart + 1);
            }

            if (first && tokens.Count > countBefore)
            {
                tokens.StartsWithBlank = line.Length > 0 && line[0] is ' ' or '\t';
                first = false;
            }
            else if (first && depth == 0)
            {
                // Blank or comment-only line: keep looking for a record.
                length = 0;
                continue;
            }
            if (depth == 0) return tokens.Count > 0 || tokens.HasError;
        }

        if (depth > 0)
        {
            Report(openLine, openColumn, $"unterminated parenthesis: '(' opened at line {openLine} has no matching ')' before the end of the file");
            tokens.HasError = true;
        }
        return tokens.Count > 0 || tokens.HasError;
    }

    private void Report(int line, int column, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(_fileName, line, column), message));
}
