using GeoDns.Core.Dns;


namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// Reads the RDATA tokens of one record and encodes them into <see cref="Output"/>. One instance is
/// reused for every record of a load. Problems are thrown as <see cref="RdataFormatException"/>
/// carrying the index of the token at fault.
/// </summary>
internal sealed class RdataParser
{
    private TokenList _tokens = null!;
    private int _index;
    private int _end;
    private byte[] _origin = [];
    private int _pendingNibble = -1;   // hex digits pair up across tokens

    public RdataBuilder Output { get; } = new();

    /// <summary>Index of the next token.</summary>
    public int Index => _index;

    public bool AtEnd => _index >= _end;

    public ReadOnlySpan<byte> Origin => _origin;

    public void Reset(TokenList tokens, int start, byte[]? origin)
    {
        _tokens = tokens;
        _index = start;
        _end = tokens.Count;
        _origin = origin ?? [];
        Output.Reset();
    }

    public ReadOnlySpan<char> Peek() => _tokens[_index];

    public bool PeekIsQuoted() => _tokens.IsQuoted(_index);

    /// <summary>The next token; a missing token is an error naming <paramref name="what"/>.</summary>
    public ReadOnlySpan<char> Next(string what)
    {
        if (_index >= _end) throw new RdataFormatException($"missing {what}", _end);
        return _tokens[_index++];
    }

    public bool LastWasQuoted => _tokens.IsQuoted(_index - 1);

    public RdataFormatException Fail(string message) => new(message, _index);

    /// <summary>An error about the token just read.</summary>
    public RdataFormatException FailLast(string message) => new(message, _index - 1);

    public void ExpectEnd()
    {
        if (_index < _end) throw new RdataFormatException($"unexpected '{_tokens[_index]}' after the end of the RDATA", _index);
    }

    public void WriteName(string what)
    {
        ReadOnlySpan<char> text = Next(what);
        Span<byte> scratch = stackalloc byte[PresentationName.ScratchSize];
        int length = PresentationName.Parse(text, _origin, scratch, lowerCase: false, out string? error);
        if (length < 0) throw FailLast($"bad {what} '{text}': {error}");
        Output.Write(scratch[..length]);
    }

    public ulong ReadNumber(string what, ulong max)
    {
        ReadOnlySpan<char> text = Next(what);
        if (!TryParseNumber(text, max, out ulong value))
            throw FailLast($"bad {what} '{text}': expected a decimal number from 0 to {max}");
        return value;
    }

    public void WriteUInt8(string what) => Output.WriteByte((byte)ReadNumber(what, byte.MaxValue));

    public void WriteUInt16(string what) => Output.WriteUInt16((ushort)ReadNumber(what, ushort.MaxValue));

    public void WriteUInt32(string what) => Output.WriteUInt32((uint)ReadNumber(what, uint.MaxValue));

    /// <summary>A TTL-style duration (units allowed) as a 32-bit value (SOA timers).</summary>
    public void WriteDuration(string what)
    {
        ReadOnlySpan<char> text = Next(what);
        if (!TimeValue.TryParse(text, uint.MaxValue, out uint value, out string? error))
            throw FailLast($"bad {what}: {error}");
        Output.WriteUInt32(value);
    }

    /// <summary>One length-prefixed &lt;character-string&gt; (at most 255 bytes; longer is an error, never truncated).</summary>
    public void WriteCharacterString(string what)
    {
        ReadOnlySpan<char> text = Next(what);
        int lengthAt = Output.Length;
        Output.WriteByte(0);
        int count = CharacterString.Decode(text, Output, out string? error);
        if (count < 0) throw FailLast($"bad {what}: {error}");
        if (count > 255) throw FailLast($"{what} is {count} bytes long; a character-string holds at most 255 (split it into several quoted strings)");
        Output.SetByte(lengthAt, (byte)count);
    }

    /// <summary>Bytes of one string token without a length prefix (CAA value, URI target).</summary>
    public void WriteRawString(string what)
    {
        ReadOnlySpan<char> text = Next(what);
        if (CharacterString.Decode(text, Output, out string? error) < 0) throw FailLast($"bad {what}: {error}");
    }

    /// <summary>All remaining tokens joined as hexadecimal (whitespace inside is allowed).</summary>
    public void WriteHexRest(string what, bool allowEmpty)
    {
        int start = Output.Length;
        _pendingNibble = -1;
        while (_index < _end)
        {
            ReadOnlySpan<char> text = _tokens[_index++];
            if (!TryWriteHex(text))
                throw FailLast($"bad {what} '{text}': expected hexadecimal digits");
        }
        if (_pendingNibble >= 0)
        {
            _pendingNibble = -1;
            throw FailLast($"bad {what}: odd number of hex digits");
        }
        if (!allowEmpty && Output.Length == start) throw Fail($"missing {what}");
    }

    /// <summary>All remaining tokens joined as base64 (whitespace inside is allowed).</summary>
    public void WriteBase64Rest(string what)
    {
        if (_index >= _end) throw Fail($"missing {what}");
        int first = _index;
        int totalLength = 0;
        for (int k = _index; k < _end; k++) totalLength += _tokens[k].Length;
        char[] joined = new char[totalLength];
        int at = 0;
        for (; _index < _end; _index++)
        {
            ReadOnlySpan<char> t = _tokens[_index];
            t.CopyTo(joined.AsSpan(at));
            at += t.Length;
        }
        byte[] bytes = new byte[totalLength];
        if (!Convert.TryFromBase64Chars(joined, bytes, out int written))
            throw new RdataFormatException($"bad {what}: not valid base64", first);
        Output.Write(bytes.AsSpan(0, written));
    }

    private bool TryWriteHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            int v = HexValue(c);
            if (v < 0) return false;
            if (_pendingNibble < 0)
            {
                _pendingNibble = v;
            }
            else
            {
                Output.WriteByte((byte)(_pendingNibble << 4 | v));
                _pendingNibble = -1;
            }
        }
        return true;
    }

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public static bool TryParseNumber(ReadOnlySpan<char> text, ulong max, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20) return false;
        foreach (char c in text)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            value = value * 10 + d;
            if (value > max) return false;
        }
        return true;
    }
}
