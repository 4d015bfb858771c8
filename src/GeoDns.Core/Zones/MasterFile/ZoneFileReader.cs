using System.Buffers;
using System.Text.Unicode;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Reads a zone file's bytes as text without losing any: valid UTF-8 becomes its characters, and
/// each byte of an invalid sequence becomes the lone surrogate U+DC00 + byte (U+DC80–U+DCFF, as
/// Python's "surrogateescape"), which <see cref="Rdata.PresentationName.EncodeChar"/> turns back into
/// that byte. So a TXT string or label holding bytes that are not UTF-8 reaches the wire as the very
/// same octets (RFC 1035 presentation format is 8-bit), and valid UTF-8 round-trips as well. A UTF-8
/// byte-order mark at the start is skipped. Bytes read count against a <see cref="ReadBudget"/>.
/// </summary>
internal sealed class ZoneFileReader : TextReader
{
    /// <summary>First of the 128 lone surrogates that stand for the bytes 0x80–0xFF of invalid UTF-8.</summary>
    public const char EscapeBase = '\uDC00';

    private readonly Stream _stream;
    private readonly ReadBudget _budget;
    private readonly byte[] _bytes = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private char _pending;
    private readonly char[] _pair = new char[2];

    public ZoneFileReader(Stream stream, ReadBudget budget)
    {
        _stream = stream;
        _budget = budget;
    }

    /// <summary>Where reading is (for the error when the budget runs out); set by the parse session.</summary>
    public Func<SourceLocation>? Where { get; set; }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_pending != '\0')
        {
            buffer[0] = _pending;
            _pending = '\0';
            return 1;
        }
        while (true)
        {
            if (_end - _start < 4 && !_eof) Fill();
            if (!_started)
            {
                _started = true;
                if (_bytes.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
            }
            if (_start == _end) return 0;

            var status = Utf8.ToUtf16(_bytes.AsSpan(_start, _end - _start), buffer, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: _eof);
            _start += read;
            if (written > 0) return written;
            switch (status)
            {
                case OperationStatus.InvalidData:
                    buffer[0] = (char)(EscapeBase + _bytes[_start]);
                    _start++;
                    return 1;
                case OperationStatus.NeedMoreData when !_eof:
                    Fill();
                    continue;
                case OperationStatus.DestinationTooSmall when buffer.Length == 1:
                    // A surrogate pair and room for one char: hand out the high half now, the low half next time.
                    Utf8.ToUtf16(_bytes.AsSpan(_start, _end - _start), _pair, out read, out _, replaceInvalidSequences: false, isFinalBlock: _eof);
                    _start += read;
                    buffer[0] = _pair[0];
                    _pending = _pair[1];
                    return 1;
                default:
                    if (_start < _end)
                    {
                        buffer[0] = (char)(EscapeBase + _bytes[_start]);
                        _start++;
                        return 1;
                    }
                    continue;
            }
        }
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() => throw new NotSupportedException();

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end < _bytes.Length)
        {
            int n = _stream.Read(_bytes, _end, _bytes.Length - _end);
            if (n == 0)
            {
                _eof = true;
                return;
            }
            _end += n;
            if (!_budget.Take(n))
            {
                var at = Where?.Invoke() ?? default;
                throw new MasterFileLimitException(at, $"the zone file and its $INCLUDEs are larger than {_budget.Limit} bytes; not read further");
            }
            if (_end - _start >= 4) return;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }
}
