namespace GeoDns.Server.PolicyTests;

/// <summary>
/// One token of a policy test line: its raw text (escapes are decoded later by whoever knows the
/// context: a name, a character-string), whether it was quoted, and its 1-based column.
/// </summary>
internal readonly record struct PolicyToken(string Text, bool Quoted, int Column)
{
    /// <summary>An unquoted token that is <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => !Quoted && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
