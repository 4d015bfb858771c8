namespace GeoDns.Core.Dns;

/// <summary>
/// The tokens of one logical record (one line, or several joined by parentheses). Token text is
/// copied into one reusable char arena, raw (escapes are decoded later by whoever knows the
/// context: a name, a character-string, a number), so reading a record allocates nothing.
/// </summary>
internal sealed class TokenList
{
    private char[] _text = new char[1024];
    private int _textLength;
    private Token[] _tokens = new Token[32];
    private int _count;

    public int Count => _count;

    /// <summary>The record's first line began with a blank: the owner is omitted (previous owner).</summary>
    public bool StartsWithBlank { get; set; }

    /// <summary>A lexical error (unterminated quote or parenthesis) was reported; the record is skipped.</summary>
    public bool HasError { get; set; }

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            ref readonly Token t = ref _tokens[index];
            return _text.AsSpan(t.Start, t.Length);
        }
    }

    public bool IsQuoted(int index) => _tokens[index].Quoted;

    public int Line(int index) => _tokens[index].Line;

    public int Column(int index) => _tokens[index].Column;

    public void Clear()
    {
        _count = 0;
        _textLength = 0;
        StartsWithBlank = false;
        HasError = false;
    }

    public void Add(ReadOnlySpan<char> text, bool quoted, int line, int column)
    {
        if (_textLength + text.Length > _text.Length)
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        if (_count == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
        text.CopyTo(_text.AsSpan(_textLength));
        _tokens[_count++] = new Token(_textLength, text.Length, quoted, line, column);
        _textLength += text.Length;
    }

    /// <summary>Starts a token whose text is appended piecewise with <see cref="Append(ReadOnlySpan{char})"/> (for $GENERATE substitution).</summary>
    public int BeginToken() => _textLength;

    public void Append(ReadOnlySpan<char> text)
    {
        if (_textLength + text.Length > _text.Length)
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }

    public void Append(char c)
    {
        if (_textLength == _text.Length) Array.Resize(ref _text, _text.Length * 2);
        _text[_textLength++] = c;
    }

    public void EndToken(int start, bool quoted, int line, int column)
    {
        if (_count == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
        _tokens[_count++] = new Token(start, _textLength - start, quoted, line, column);
    }

    private readonly record struct Token(int Start, int Length, bool Quoted, int Line, int Column);
}
