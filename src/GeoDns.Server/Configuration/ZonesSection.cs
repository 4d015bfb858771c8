using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>Reads the <c>Zones</c> section into <see cref="ZonesOptions"/>; problems name their key.</summary>
internal static class ZonesSection
{
    public const string Name = "Zones";

    private static readonly string[] Keys =
    [
        nameof(ZonesOptions.AutoSerial), nameof(ZonesOptions.RequirePassingTests), nameof(ZonesOptions.PollInterval), nameof(ZonesOptions.QuietPeriod), nameof(ZonesOptions.Watch),
        nameof(ZonesOptions.LastGoodDirectory), nameof(ZonesOptions.RequireAll), nameof(ZonesOptions.MaxGenerateRecords), nameof(ZonesOptions.MaxRecordsPerZone),
    ];

    /// <summary>The largest <see cref="ZonesOptions.MaxGenerateRecords"/> and <see cref="ZonesOptions.MaxRecordsPerZone"/> accepted.</summary>
    public const int MaxRecordLimit = 100_000_000;

    public static ZonesOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new ZonesOptions();
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"Zones: '{section.Value}' is not a section; write {{ \"AutoSerial\": false, \"PollInterval\": \"2s\" }} (the zone files' directory is the top-level ZonesDirectory)");
            return options;
        }
        if (ConfigKeys.ReadBool(section, nameof(ZonesOptions.AutoSerial), problems) is { } autoSerial) options.AutoSerial = autoSerial;
        if (ConfigKeys.ReadBool(section, nameof(ZonesOptions.RequirePassingTests), problems) is { } require) options.RequirePassingTests = require;
        if (ReadDuration(section, nameof(ZonesOptions.PollInterval), problems, TimeSpan.FromDays(1)) is { } poll) options.PollInterval = poll;
        if (ConfigKeys.ReadBool(section, nameof(ZonesOptions.Watch), problems) is { } watch) options.Watch = watch;
        if (ReadDuration(section, nameof(ZonesOptions.QuietPeriod), problems, TimeSpan.FromMinutes(1)) is { } quiet) options.QuietPeriod = quiet;
        if (ConfigKeys.ReadBool(section, nameof(ZonesOptions.RequireAll), problems) is { } requireAll) options.RequireAll = requireAll;
        if (ReadCount(section, nameof(ZonesOptions.MaxGenerateRecords), problems) is { } generate) options.MaxGenerateRecords = generate;
        if (ReadCount(section, nameof(ZonesOptions.MaxRecordsPerZone), problems) is { } records) options.MaxRecordsPerZone = records;
        // Written as null or "" (the key present, whatever its value): no last-good copies.
        foreach (var child in section.GetChildren())
        {
            if (!child.Key.Equals(nameof(ZonesOptions.LastGoodDirectory), StringComparison.OrdinalIgnoreCase)) continue;
            options.LastGoodDirectory = string.IsNullOrWhiteSpace(child.Value) ? null : child.Value;
        }
        return options;
    }

    public static void UnknownKeys(IConfiguration configuration, List<string> warnings) =>
        ConfigKeys.WarnUnknown(configuration.GetSection(Name), Keys, warnings);

    /// <summary>A record count from 1 to <see cref="MaxRecordLimit"/>.</summary>
    private static int? ReadCount(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= MaxRecordLimit) return value;
        problems.Add($"Zones:{key}: '{text}' is not a count from 1 to {MaxRecordLimit}");
        return null;
    }

    /// <summary>A duration from zero (off) to <paramref name="max"/>.</summary>
    private static TimeSpan? ReadDuration(IConfigurationSection section, string key, List<string> problems, TimeSpan max)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (Duration.TryParse(text, out var value) && value >= TimeSpan.Zero && value <= max) return value;
        problems.Add($"Zones:{key}: '{text}' is not a duration from 0 to {max.TotalSeconds:0}s (\"250ms\", \"2s\", \"00:00:02\")");
        return null;
    }
}
