using System.Text;

namespace GeoDns.Fuzz.Generation;

/// <summary>
/// Cases kept in the repository (<c>tests/GeoDns.Fuzz/corpus/*.hex</c>): a message as hex digits
/// (whitespace ignored), after comment lines starting with <c>#</c>. A line <c># expect: answer</c>
/// (or <c>reply</c>) says what a correct server must do with it; without one, only the rules for
/// every reply apply. Kept cases are replayed by the tests and by <c>--corpus</c>.
/// </summary>
internal static class Corpus
{
    public const string Extension = ".hex";

    public static IReadOnlyList<FuzzCase> Load(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).Select(Read)];

    public static FuzzCase Read(string path)
    {
        var hex = new StringBuilder();
        var comments = new List<string>();
        Expectation expect = Expectation.Any;
        foreach (string line in File.ReadLines(path))
        {
            string text = line.Trim();
            if (text.StartsWith('#'))
            {
                string comment = text.TrimStart('#').Trim();
                if (comment.StartsWith("expect:", StringComparison.OrdinalIgnoreCase))
                    expect = Enum.Parse<Expectation>(comment["expect:".Length..].Trim(), ignoreCase: true);
                else if (comments.Count == 0 && comment.Length > 0)
                    comments.Add(comment);
                continue;
            }
            foreach (char c in text)
            {
                if (!char.IsWhiteSpace(c)) hex.Append(c);
            }
        }
        return new FuzzCase
        {
            Seed = 0,
            Index = -1,
            Kind = CaseKind.Crafted,
            Expect = expect,
            Message = Convert.FromHexString(hex.ToString()),
            Recipe = $"corpus {Path.GetFileName(path)}: {string.Join(' ', comments)}",
        };
    }

    /// <summary>The text of a corpus file for <paramref name="fuzzCase"/> (what <c>--save</c> writes).</summary>
    public static string Format(FuzzCase fuzzCase, string? note = null)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(note ?? $"{fuzzCase.Kind}: {fuzzCase.Recipe} (--seed {fuzzCase.Seed} --case {fuzzCase.Index})");
        text.Append("# expect: ").AppendLine(fuzzCase.Expect.ToString().ToLowerInvariant());
        string hex = Convert.ToHexString(fuzzCase.Message);
        for (int i = 0; i < hex.Length; i += 64) text.AppendLine(hex[i..Math.Min(hex.Length, i + 64)]);
        return text.ToString();
    }
}
