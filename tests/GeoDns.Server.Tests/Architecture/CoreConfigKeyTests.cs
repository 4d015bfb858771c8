using System.Text.RegularExpressions;

namespace GeoDns.Server.Tests.Architecture;

/// <summary>
/// Configuration keys have one home, the Server's <c>Configuration</c> folder: Core reports a field's
/// path relative to its options object (<c>Regions:eu-west:Checks:0:Timeout</c>) and the Server's
/// section readers put the section in front. So no <c>"Geo:</c> or <c>"Health:</c> string literal
/// (plain, interpolated or verbatim) appears in <c>src/GeoDns.Core</c>.
/// </summary>
public sealed partial class CoreConfigKeyTests
{
    [GeneratedRegex("\"(Geo|Health):")]
    private static partial Regex SectionLiteral();

    [Fact]
    public void Core_source_names_no_Geo_or_Health_config_key()
    {
        string core = Path.Combine(GeoDns.Server.Tests.Configuration.ConfigurationTests.RepositoryRoot(), "src", "GeoDns.Core");
        var found = new List<string>();
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(core, "Health"), "*.cs"));
        foreach (string file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(core, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (SectionLiteral().IsMatch(lines[i])) found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(found.Count == 0, "Config key literals in GeoDns.Core (report a path relative to the options; the Server adds the section):\n" + string.Join("\n", found));
    }
}
