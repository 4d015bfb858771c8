using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Hands out the physical lines of a text as spans over one reusable char buffer (valid until the
/// next call), so a large zone file is streamed without a string per line. A line longer than
/// <c>maxLineLength</c> characters throws <see cref="MasterFileLimitException"/> as soon as that many
/// are buffered (so <c>$INCLUDE /dev/zero</c> or a file without newlines cannot take all memory).
/// </summary>
internal sealed class LineReader(TextReader reader, string fileName = "", int maxLineLength = MasterFileOptions.DefaultMaxLineLength) : IDisposable
{
    private readonly TextReader _reader = reader;
    private readonly string _fileName = fileName;
    private readonly int _maxLineLength = maxLineLength;
    private char[] _buffer = new char[Math.Min(64 * 1024, maxLineLength + 2)];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        int searchFrom = _start;
        while (true)
        {
            int newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf('\n');
            if (newline >= 0)
            {
                int lineEnd = searchFrom + newline;
                line = TrimCarriageReturn(_buffer.AsSpan(_start, lineEnd - _start));
                _start = lineEnd + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    line = TrimCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }

            // Move the partial line to the front (growing the buffer for very long lines) and read more.
            int pending = _end - _start;
            if (pending > _maxLineLength)
            {
                throw new MasterFileLimitException(
                    new SourceLocation(_fileName, LineNumber + 1, _maxLineLength + 1),
                    $"line longer than {_maxLineLength} characters; not read further");
            }
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxLineLength + 2L));
            }
            searchFrom = pending;
            int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            else _end += read;
        }
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    public void Dispose() => _reader.Dispose();
}
