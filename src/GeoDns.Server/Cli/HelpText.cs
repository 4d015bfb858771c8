using System.Text;
using System.Text.RegularExpressions;

namespace GeoDns.Server.Cli;

/// <summary>
/// Rewrites System.CommandLine's help for the commands that take configuration overrides: its
/// generic "[[--] &lt;additional arguments&gt;...]]" and "Additional Arguments: Arguments passed to the
/// application that is being run" become what those arguments are here, <c>--Key=Value</c> overrides
/// of configuration keys.
/// </summary>
internal static partial class HelpText
{
    public const string OverridesUsage = "[--Key=Value ...]";

    public const string OverridesSection =
        "Configuration overrides:\n" +
        "  --Key=Value  Overrides one configuration key of the file, e.g. --Tcp:IdleTimeout=5s, --Listen:0=127.0.0.1:53,\n" +
        "               or a whole list: --Listen='192.0.2.53:53,[2001:db8::53]:53' (see README, Configuration reference)\n";

    [GeneratedRegex(@"\[\[--\] <additional arguments>\.\.\.\]\]?")]
    private static partial Regex AdditionalUsage();

    public static string Tidy(string help)
    {
        help = AdditionalUsage().Replace(help.Replace("\r\n", "\n", StringComparison.Ordinal), OverridesUsage);
        var lines = help.Split('\n');
        var result = new StringBuilder(help.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "Additional Arguments:")
            {
                // The section: its heading and indented lines, up to the blank line that ends it.
                while (i + 1 < lines.Length && lines[i + 1].StartsWith(' ')) i++;
                result.Append(OverridesSection.Replace("\n", Environment.NewLine, StringComparison.Ordinal));
                continue;
            }
            result.Append(lines[i]);
            if (i < lines.Length - 1) result.Append(Environment.NewLine);
        }
        return result.ToString();
    }
}
