using System.Globalization;
using GeoDns.Core.Geo;
using GeoDns.Core.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>Reads the <c>RateLimit</c> section (response rate limiting) into <see cref="RateLimitSettings"/>; problems name their key.</summary>
internal static class RateLimitSection
{
    public const string Name = "RateLimit";

    /// <summary>The section's keys.</summary>
    public static readonly string[] Keys =
    [
        "Enabled", nameof(RateLimitOptions.ResponsesPerSecond), nameof(RateLimitOptions.NxDomainsPerSecond), nameof(RateLimitOptions.ErrorsPerSecond),
        nameof(RateLimitOptions.Window), nameof(RateLimitOptions.Slip), nameof(RateLimitOptions.IPv4PrefixLength), nameof(RateLimitOptions.IPv6PrefixLength),
        nameof(RateLimitOptions.Exempt), nameof(RateLimitOptions.LogOnly), nameof(RateLimitOptions.TableSize),
    ];

    public static RateLimitSettings Read(IConfiguration configuration, List<string> problems)
    {
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"RateLimit: '{section.Value}' is not a section; write {{ \"Enabled\": true, \"ResponsesPerSecond\": 20 }}");
            return RateLimitSettings.Off;
        }
        var defaults = new RateLimitOptions();
        bool enabled = ConfigKeys.ReadBool(section, "Enabled", problems) ?? false;
        int responses = ReadInt(section, nameof(RateLimitOptions.ResponsesPerSecond), 0, RateLimitOptions.MaxRate, problems) ?? defaults.ResponsesPerSecond;
        var options = new RateLimitOptions
        {
            ResponsesPerSecond = responses,
            NxDomainsPerSecond = ReadInt(section, nameof(RateLimitOptions.NxDomainsPerSecond), 0, RateLimitOptions.MaxRate, problems),
            ErrorsPerSecond = ReadInt(section, nameof(RateLimitOptions.ErrorsPerSecond), 0, RateLimitOptions.MaxRate, problems),
            Window = ReadInt(section, nameof(RateLimitOptions.Window), 0, RateLimitOptions.MaxWindow, problems) ?? defaults.Window,
            Slip = ReadInt(section, nameof(RateLimitOptions.Slip), 0, RateLimitOptions.MaxSlip, problems) ?? defaults.Slip,
            IPv4PrefixLength = ReadInt(section, nameof(RateLimitOptions.IPv4PrefixLength), 0, 32, problems) ?? defaults.IPv4PrefixLength,
            IPv6PrefixLength = ReadInt(section, nameof(RateLimitOptions.IPv6PrefixLength), 0, 128, problems) ?? defaults.IPv6PrefixLength,
            Exempt = ReadExempt(section, problems),
            LogOnly = ConfigKeys.ReadBool(section, nameof(RateLimitOptions.LogOnly), problems) ?? false,
            TableSize = ReadInt(section, nameof(RateLimitOptions.TableSize), RateLimitOptions.MinTableSize, RateLimitOptions.MaxTableSize, problems) ?? defaults.TableSize,
        };
        return new RateLimitSettings(enabled, options);
    }

    public static void UnknownKeys(IConfiguration configuration, List<string> warnings) =>
        ConfigKeys.WarnUnknown(configuration.GetSection(Name), Keys, warnings);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when absent.</summary>
    private static int? ReadInt(IConfigurationSection section, string key, int min, int max, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max) return value;
        problems.Add($"RateLimit:{key}: '{text}' is not a whole number from {min} to {max}");
        return null;
    }

    /// <summary>The exempt networks: a list of CIDRs (<c>["10.0.0.0/8", "2001:db8::/32"]</c>) or one comma-separated string.</summary>
    private static List<RateLimitNetwork> ReadExempt(IConfigurationSection section, List<string> problems)
    {
        var exempt = new List<RateLimitNetwork>();
        var list = section.GetSection(nameof(RateLimitOptions.Exempt));
        var entries = new List<(string Key, string Text)>();
        if (!string.IsNullOrWhiteSpace(list.Value))
        {
            foreach (string text in list.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) entries.Add((list.Path, text));
        }
        foreach (var child in list.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value)) entries.Add((child.Path, child.Value.Trim()));
        }
        foreach (var (key, text) in entries)
        {
            // An address alone is a network of one address.
            string cidr = text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
            try
            {
                GeoTopology.ParseCidr(cidr, key, out UInt128 network, out bool isIPv6, out int prefix);
                exempt.Add(new RateLimitNetwork(network, isIPv6, prefix));
            }
            catch (GeoConfigException ex)
            {
                problems.Add($"{key}: '{text}' {ex.Describe(string.Empty)[(key.Length + 2)..]}");
            }
        }
        return exempt;
    }
}
