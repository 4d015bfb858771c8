using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Which source supplied a key: problems and warnings name the key, and when its value came from
/// a <c>--Key=Value</c> argument or a <c>GEODNS__</c> environment variable rather than the file,
/// they say so (a key reported without a source is from the configuration file). Values are not
/// repeated, since one may be a token.
/// </summary>
internal static partial class ConfigOrigin
{
    /// <summary>
    /// "command line --Listen:0" or "environment GEODNS__Listen__0" for a key (or a section: its
    /// first key) whose winning value comes from there; null when it comes from the file or an
    /// in-memory source, or nothing supplies it.
    /// </summary>
    public static string? Of(IConfigurationRoot root, string key)
    {
        // Later providers win, so the last one that has the key (or a key below it) supplied it.
        for (int i = root.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = root.Providers.ElementAt(i);
            if ((FirstKey(provider, key) ?? WholeValueAbove(provider, key)) is not { } found) continue;
            return provider switch
            {
                CommandLineConfigurationProvider => $"command line --{found}",
                EnvironmentVariablesConfigurationProvider => $"environment {GeoDnsConfiguration.EnvironmentPrefix}{found.Replace(":", "__", StringComparison.Ordinal)}",
                _ => null,
            };
        }
        return null;
    }

    /// <summary>The key a problem or warning is about: the text before its first ": ", or the key the binder names ("... at 'MaxUdpPayload' ...").</summary>
    public static string? KeyOf(string message)
    {
        var bound = BinderKey().Match(message);
        if (bound.Success) return bound.Groups[1].Value;
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !message.AsSpan(0, colon).Contains(' ') ? message[..colon] : null;
    }

    /// <summary>The message with " (from ORIGIN)" appended when its key came from the command line or the environment.</summary>
    public static string Annotate(IConfigurationRoot root, string message) =>
        KeyOf(message) is { } key && Of(root, key) is { } origin ? $"{message} (from {origin})" : message;

    /// <summary><paramref name="key"/> itself when the provider has a value for it, else the first key below it that has one.</summary>
    private static string? FirstKey(IConfigurationProvider provider, string key)
    {
        if (provider.TryGet(key, out _)) return key;
        foreach (string child in provider.GetChildKeys([], key).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (FirstKey(provider, key + ":" + child) is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// The key above <paramref name="key"/> that the provider gives as one value: <c>--Listen=a,b</c> is the
    /// whole list, so a problem with <c>Listen:1</c> came from <c>--Listen</c>. Null when there is none.
    /// </summary>
    private static string? WholeValueAbove(IConfigurationProvider provider, string key)
    {
        for (int colon = key.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = key.IndexOf(':', colon + 1))
        {
            string above = key[..colon];
            if (provider.TryGet(above, out string? value) && !string.IsNullOrWhiteSpace(value)) return above;
        }
        return null;
    }

    [GeneratedRegex(@"\bat '([^']+)'")]
    private static partial Regex BinderKey();
}
