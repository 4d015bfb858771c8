using System.Text.RegularExpressions;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// A fenced code block of README.md with the kind named by the HTML comment on the line before it:
/// <c>&lt;!-- readme-test: KIND [ARGUMENT] --&gt;</c>. See <see cref="ReadmeTests"/> for the kinds.
/// </summary>
public sealed partial record ReadmeBlock(int Line, string Kind, string Argument, string Language, string Text)
{
    public static string ReadmePath => Path.Combine(ConfigurationTests.RepositoryRoot(), "README.md");

    /// <summary>"README.md:123 (transcript)": what xunit shows for a theory case.</summary>
    public override string ToString() => $"README.md:{Line} ({Kind})";

    public IReadOnlyList<string> Lines => Text.Split('\n');

    public static IReadOnlyList<ReadmeBlock> All() => Parse(File.ReadAllText(ReadmePath));

    public static IReadOnlyList<ReadmeBlock> Parse(string markdown)
    {
        var blocks = new List<ReadmeBlock>();
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            string language = lines[i][3..].Trim();
            int start = i + 1, end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
            Assert.True(end < lines.Length, $"README.md:{i + 1}: code block not closed");
            int previous = i - 1;
            while (previous >= 0 && lines[previous].Trim().Length == 0) previous--;
            var marker = previous >= 0 ? Marker().Match(lines[previous].Trim()) : Match.Empty;
            blocks.Add(new ReadmeBlock(i + 1,
                marker.Success ? marker.Groups[1].Value : "",
                marker.Success ? marker.Groups[2].Value.Trim() : "",
                language,
                string.Join('\n', lines[start..end])));
            i = end;
        }
        return blocks;
    }

    [GeneratedRegex(@"^<!--\s*readme-test:\s*([a-z-]+)\s*(.*?)\s*-->$")]
    private static partial Regex Marker();
}
