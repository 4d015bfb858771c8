using GeoDns.Core.Telemetry;
using GeoDns.Server.QueryLog;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>Reads the <c>QueryLog</c> section into <see cref="QueryLogOptions"/>; problems name their key.</summary>
internal static class QueryLogSection
{
    public const string Name = "QueryLog";

    private static readonly string[] Keys = [nameof(QueryLogOptions.Enabled), nameof(QueryLogOptions.Path), nameof(QueryLogOptions.QueueCapacity)];

    /// <summary>Binds the section; <c>Path</c> stays as written (the configuration makes it absolute).</summary>
    public static QueryLogOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new QueryLogOptions();
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"QueryLog: '{section.Value}' is not a section; write {{ \"Enabled\": true, \"Path\": \"queries.log\" }}");
            return options;
        }
        if (ConfigKeys.ReadBool(section, nameof(QueryLogOptions.Enabled), problems) is { } enabled) options.Enabled = enabled;
        string? path = section[nameof(QueryLogOptions.Path)];
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0) problems.Add($"QueryLog:Path: '{path}' is not a valid path");
            else options.Path = path.Trim();
        }
        string? capacity = section[nameof(QueryLogOptions.QueueCapacity)];
        if (!string.IsNullOrEmpty(capacity))
        {
            if (!int.TryParse(capacity, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value))
                problems.Add($"QueryLog:QueueCapacity: '{capacity}' is not a whole number");
            else if (value is < 1 or > QueryLogQueue.MaxCapacity)
                problems.Add($"QueryLog:QueueCapacity: {value} is outside 1..{QueryLogQueue.MaxCapacity}");
            else options.QueueCapacity = value;
        }
        return options;
    }

    public static void UnknownKeys(IConfiguration configuration, List<string> warnings) =>
        ConfigKeys.WarnUnknown(configuration.GetSection(Name), Keys, warnings);
}
