namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Hands out the physical lines of a text as spans over one reusable char buffer (valid until the
/// next call), so a large zone file is streamed without a string per line.
/// </summary>
internal sealed class LineReader(TextReader reader) : IDisposable
{
    private readonly TextReader _reader = reader;
    private char[] _buffer = new char[64 * 1024];
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
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
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
