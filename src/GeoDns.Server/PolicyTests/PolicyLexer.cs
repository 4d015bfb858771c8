namespace GeoDns.Server.PolicyTests;

/// <summary>
/// Splits one line of a policy test file into tokens: blanks separate; <c>"..."</c> is one quoted
/// token (<c>\"</c> inside); <c>#</c> at the start of a token begins a comment; <c>,</c> and
/// <c>-&gt;</c> are tokens of their own wherever they stand; <c>\x</c> escapes a character.
/// </summary>
internal static class PolicyLexer
{
    /// <summary>The tokens of <paramref name="line"/>; on an unterminated quote, <paramref name="error"/> is set and <paramref name="errorColumn"/> is where it opened.</summary>
    public static List<PolicyToken> Split(string line, out string? error, out int errorColumn)
    {
        var tokens = new List<PolicyToken>();
        error = null;
        errorColumn = 0;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '#') break;
            if (c == ',')
            {
                tokens.Add(new PolicyToken(",", false, i + 1));
                i++;
                continue;
            }
            if (IsArrow(line, i))
            {
                tokens.Add(new PolicyToken("->", false, i + 1));
                i += 2;
                continue;
            }
            if (c == '"')
            {
                int j = i + 1;
                while (j < line.Length && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
                if (j >= line.Length)
                {
                    error = "unterminated quoted string (no closing '\"' on this line)";
                    errorColumn = i + 1;
                    return tokens;
                }
                tokens.Add(new PolicyToken(line[(i + 1)..j], true, i + 1));
                i = j + 1;
                continue;
            }
            int start = i;
            while (i < line.Length)
            {
                char w = line[i];
                if (char.IsWhiteSpace(w) || w is '"' or ',' || IsArrow(line, i)) break;
                i += w == '\\' ? 2 : 1;
            }
            i = Math.Min(i, line.Length);
            tokens.Add(new PolicyToken(line[start..i], false, start + 1));
        }
        return tokens;
    }

    private static bool IsArrow(string line, int i) => line[i] == '-' && i + 1 < line.Length && line[i + 1] == '>';
}
