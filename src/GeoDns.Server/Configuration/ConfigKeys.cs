using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>What the hand-read configuration sections share: spotting keys that bind to nothing, reading a boolean.</summary>
internal static class ConfigKeys
{
    /// <summary>
    /// Adds "Path: unknown key, ignored" for every child of <paramref name="section"/> not named in
    /// <paramref name="keys"/> (case-insensitive, as binding is), with the nearest known key when
    /// one is close enough to be the key meant (see <see cref="Unknown"/>).
    /// </summary>
    public static void WarnUnknown(IConfigurationSection section, IReadOnlyList<string> keys, List<string> warnings)
    {
        foreach (var child in section.GetChildren())
        {
            if (!IsKnown(keys, child.Key)) warnings.Add(Unknown(child, keys));
        }
    }

    /// <summary>
    /// "Tcp:IdleTimout: unknown key, ignored; did you mean Tcp:IdleTimeout?": the suggestion is the
    /// known key nearest to <paramref name="child"/>'s name by Damerau-Levenshtein distance
    /// (ignoring case), offered when that distance is at most 2 and at most a third of the key's
    /// length (so "Url" may be "Uri", but "Ttl" is not "Tcp").
    /// </summary>
    public static string Unknown(IConfigurationSection child, IReadOnlyList<string> keys)
    {
        string warning = $"{child.Path}: unknown key, ignored";
        return Nearest(child.Key, keys) is { } meant ? $"{warning}; did you mean {child.Path[..^child.Key.Length]}{meant}?" : warning;
    }

    /// <summary>The known key nearest to <paramref name="key"/>, or null when none is close (see <see cref="Unknown"/>).</summary>
    public static string? Nearest(string key, IReadOnlyList<string> keys)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string known in keys)
        {
            int distance = Distance(key.ToUpperInvariant(), known.ToUpperInvariant());
            if (distance <= Math.Min(2, Math.Max(1, known.Length / 3)) && distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, d[i - 2, j - 2] + 1);
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>The settable public properties of <paramref name="type"/>: the keys the binder knows.</summary>
    public static string[] PropertiesOf(Type type) =>
        [.. type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)];

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
