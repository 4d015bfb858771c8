using System.Text.RegularExpressions;
using GeoDns.Server.Configuration;
using GeoDns.Server.QueryLog;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// The README's "What needs a restart" list is <see cref="RestartOnlyKeys"/>: the same keys, a
/// <c>Section:*</c> item standing for every key of that section (all of them restart-only).
/// </summary>
public sealed partial class RestartOnlyKeysTests
{
    /// <summary>The sections a README item may name as <c>Section:*</c>, with the options class whose properties are its keys.</summary>
    private static readonly Dictionary<string, Type> WildcardSections = new(StringComparer.Ordinal)
    {
        ["Tcp"] = typeof(TcpOptions),
        ["QueryLog"] = typeof(QueryLogOptions),
    };

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();

    private static List<string> ReadmeList()
    {
        string readme = File.ReadAllText(ReadmeBlock.ReadmePath).ReplaceLineEndings(" ");
        int start = readme.IndexOf("What needs a restart", StringComparison.Ordinal);
        Assert.True(start >= 0, "README: no \"What needs a restart\" paragraph");
        int list = readme.IndexOf("applies):", start, StringComparison.Ordinal) + "applies):".Length;
        int end = readme.IndexOf(". ", list, StringComparison.Ordinal);
        return [.. Quoted().Matches(readme[list..end]).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public void The_README_lists_exactly_the_restart_only_keys()
    {
        var table = RestartOnlyKeys.All.Select(e => e.Key).ToList();
        var expanded = new List<string>();
        foreach (string item in ReadmeList())
        {
            if (!item.EndsWith(":*", StringComparison.Ordinal))
            {
                expanded.Add(item);
                continue;
            }
            string section = item[..^2];
            Assert.True(WildcardSections.TryGetValue(section, out var type), $"README: {item}: no options class known for section {section}");
            var inTable = table.Where(k => k.StartsWith(section + ":", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            // "Section:*" says every key of the section needs a restart.
            Assert.Equal(ConfigKeys.PropertiesOf(type).Select(p => $"{section}:{p}").Order(StringComparer.Ordinal), inTable);
            expanded.AddRange(inTable);
        }

        Assert.Equal(table.Order(StringComparer.Ordinal), expanded.Order(StringComparer.Ordinal));
        Assert.Equal(expanded.Count, expanded.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Each_key_is_listed_once()
    {
        var keys = RestartOnlyKeys.All.Select(e => e.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }
}
