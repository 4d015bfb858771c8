using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>What the hand-read configuration sections share: spotting keys that bind to nothing, reading a boolean.</summary>
internal static class ConfigKeys
{
    /// <summary>Adds "Path: unknown key, ignored" for every child of <paramref name="section"/> not named in <paramref name="keys"/> (case-insensitive, as binding is).</summary>
    public static void WarnUnknown(IConfigurationSection section, IReadOnlyList<string> keys, List<string> warnings)
    {
        foreach (var child in section.GetChildren())
        {
            if (!IsKnown(keys, child.Key)) warnings.Add($"{child.Path}: unknown key, ignored");
        }
    }

    public static bool IsKnown(IReadOnlyList<string> keys, string key)
    {
        foreach (string known in keys)
        {
            if (known.Equals(key, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>A boolean key of <paramref name="section"/>: null when absent; a problem naming the key when it is not true or false.</summary>
    public static bool? ReadBool(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (bool.TryParse(text, out bool value)) return value;
        problems.Add($"{section.Path}:{key}: '{text}' is not true or false");
        return null;
    }
}
