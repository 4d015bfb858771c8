using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>A configuration (or one section of it) as text, to tell whether two configurations hold the same settings.</summary>
internal static class ConfigText
{
    /// <summary>Every key with a value, in order: two configurations with the same text here are the same settings.</summary>
    public static string Flatten(IConfiguration configuration, string? section = null)
    {
        var lines = new List<string>();
        var source = section is null ? configuration.AsEnumerable() : configuration.GetSection(section).AsEnumerable();
        // Keys without a value count too: an empty section ("sa-east": {}) is a setting of its own.
        foreach (var (key, value) in source) lines.Add(value is null ? key : key + "=" + value);
        lines.Sort(StringComparer.OrdinalIgnoreCase);
        return string.Join('\n', lines);
    }
}
