using System.Globalization;
using GeoDns.Core.Health;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Reads the <c>Health</c> section into <see cref="HealthOptions"/> by hand, so durations accept
/// "10s", "500ms", "1m" as well as "00:00:10" (like <c>Tcp:IdleTimeout</c>) and every bad value is
/// reported as one line naming its key.
/// </summary>
internal static class HealthSection
{
    public const string Name = "Health";

    private static readonly string[] SectionKeys = [nameof(HealthOptions.FailoverTtl), nameof(HealthOptions.StateFile), nameof(HealthOptions.Regions)];
    private static readonly string[] RegionKeys = [nameof(RegionHealthOptions.Require), nameof(RegionHealthOptions.Checks)];
    private static readonly string[] CheckKeys =
    [
        nameof(HealthCheckOptions.Type), nameof(HealthCheckOptions.Url), nameof(HealthCheckOptions.Host), nameof(HealthCheckOptions.Method),
        nameof(HealthCheckOptions.ExpectedStatus), nameof(HealthCheckOptions.BodyContains), nameof(HealthCheckOptions.VerifyTls),
        nameof(HealthCheckOptions.Endpoint), nameof(HealthCheckOptions.Interval), nameof(HealthCheckOptions.Timeout),
        nameof(HealthCheckOptions.Rise), nameof(HealthCheckOptions.Fall), nameof(HealthCheckOptions.InitialState),
    ];

    /// <summary>
    /// The built-in <c>Health:StateFile</c> (relative to the configuration file's directory), what the
    /// shipped geodns.json says. An empty value (<c>""</c>, or null in JSON) turns persistence off.
    /// </summary>
    public const string DefaultStateFile = "state/geodns-state.json";

    /// <summary>
    /// Binds the section; problems (each naming its key) go to <paramref name="problems"/>. <c>StateFile</c> stays as
    /// written: <see cref="DefaultStateFile"/> when the key is absent, null when it is empty.
    /// </summary>
    public static HealthOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new HealthOptions { StateFile = DefaultStateFile };
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"Health: '{section.Value}' is not a section; write {{ \"FailoverTtl\": \"30s\", \"Regions\": {{ ... }} }}");
            return options;
        }
        if (!section.Exists()) return options;

        if (ReadDuration(section, nameof(HealthOptions.FailoverTtl), problems) is { } failoverTtl) options.FailoverTtl = failoverTtl;
        // Absent: the default. Present but empty ("", JSON null, an empty environment variable, --Health:StateFile=): off.
        if (section.GetChildren().Any(c => c.Key.Equals(nameof(HealthOptions.StateFile), StringComparison.OrdinalIgnoreCase)))
        {
            string? stateFile = section[nameof(HealthOptions.StateFile)];
            options.StateFile = string.IsNullOrWhiteSpace(stateFile) ? null : stateFile;
        }

        var regions = section.GetSection(nameof(HealthOptions.Regions));
        if (!string.IsNullOrEmpty(regions.Value))
            problems.Add($"Health:Regions: '{regions.Value}' is not a section; write {{ \"eu-west\": {{ \"Checks\": [ ... ] }} }}");
        foreach (var region in regions.GetChildren())
        {
            if (!string.IsNullOrEmpty(region.Value))
            {
                problems.Add($"{region.Path}: '{region.Value}' is not a section; write {{ \"Require\": \"all\", \"Checks\": [ ... ] }}");
                continue;
            }
            var regionOptions = new RegionHealthOptions();
            string? require = region[nameof(RegionHealthOptions.Require)];
            if (!string.IsNullOrEmpty(require))
            {
                if (require.Equals("all", StringComparison.OrdinalIgnoreCase)) regionOptions.Require = CheckRequirement.All;
                else if (require.Equals("any", StringComparison.OrdinalIgnoreCase)) regionOptions.Require = CheckRequirement.Any;
                else problems.Add($"{region.Path}:Require: '{require}' is not all or any");
            }
            var checks = region.GetSection(nameof(RegionHealthOptions.Checks));
            if (!string.IsNullOrEmpty(checks.Value))
                problems.Add($"{checks.Path}: '{checks.Value}' is not a list; write [ {{ \"Type\": \"http\", \"Url\": \"...\" }} ]");
            foreach (var check in checks.GetChildren()) regionOptions.Checks.Add(ReadCheck(check, problems));
            options.Regions[region.Key] = regionOptions;
        }
        return options;
    }

    /// <summary>Keys below <c>Health</c> that bind to nothing (typos), as warnings.</summary>
    public static void UnknownKeys(IConfiguration configuration, List<string> warnings)
    {
        var section = configuration.GetSection(Name);
        ConfigKeys.WarnUnknown(section, SectionKeys, warnings);
        foreach (var region in section.GetSection(nameof(HealthOptions.Regions)).GetChildren())
        {
            ConfigKeys.WarnUnknown(region, RegionKeys, warnings);
            foreach (var check in region.GetSection(nameof(RegionHealthOptions.Checks)).GetChildren()) ConfigKeys.WarnUnknown(check, CheckKeys, warnings);
        }
    }

    private static HealthCheckOptions ReadCheck(IConfigurationSection check, List<string> problems)
    {
        var options = new HealthCheckOptions();
        string? type = check[nameof(HealthCheckOptions.Type)];
        if (!string.IsNullOrEmpty(type))
        {
            if (Enum.TryParse(type, ignoreCase: true, out HealthCheckType parsed) && Enum.IsDefined(parsed)) options.Type = parsed;
            else problems.Add($"{check.Path}:Type: '{type}' is not http, https or tcp");
        }
        options.Url = Optional(check, nameof(HealthCheckOptions.Url));
        options.Host = Optional(check, nameof(HealthCheckOptions.Host));
        options.BodyContains = Optional(check, nameof(HealthCheckOptions.BodyContains));
        options.Endpoint = Optional(check, nameof(HealthCheckOptions.Endpoint));
        if (Optional(check, nameof(HealthCheckOptions.Method)) is { } method)
        {
            if (method.Equals("GET", StringComparison.OrdinalIgnoreCase) || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
                options.Method = method.ToUpperInvariant();
            else problems.Add($"{check.Path}:Method: '{method}' is not GET or HEAD");
        }
        var statuses = check.GetSection(nameof(HealthCheckOptions.ExpectedStatus));
        if (!string.IsNullOrEmpty(statuses.Value))
        {
            problems.Add($"{statuses.Path}: '{statuses.Value}' is not a list; write [ 200, 204 ]");
        }
        else
        {
            var codes = new List<int>();
            foreach (var status in statuses.GetChildren())
            {
                if (int.TryParse(status.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 100 and <= 599) codes.Add(code);
                else problems.Add($"{status.Path}: '{status.Value}' is not an HTTP status code (100..599)");
            }
            options.ExpectedStatus = [.. codes];
        }
        if (Optional(check, nameof(HealthCheckOptions.VerifyTls)) is { } verify)
        {
            if (bool.TryParse(verify, out bool value)) options.VerifyTls = value;
            else problems.Add($"{check.Path}:VerifyTls: '{verify}' is not true or false");
        }
        if (ReadDuration(check, nameof(HealthCheckOptions.Interval), problems) is { } interval) options.Interval = interval;
        if (ReadDuration(check, nameof(HealthCheckOptions.Timeout), problems) is { } timeout) options.Timeout = timeout;
        if (ReadCount(check, nameof(HealthCheckOptions.Rise), problems) is { } rise) options.Rise = rise;
        if (ReadCount(check, nameof(HealthCheckOptions.Fall), problems) is { } fall) options.Fall = fall;
        if (Optional(check, nameof(HealthCheckOptions.InitialState)) is { } initial)
        {
            if (initial.Equals("up", StringComparison.OrdinalIgnoreCase)) options.InitialState = RegionState.Up;
            else if (initial.Equals("down", StringComparison.OrdinalIgnoreCase)) options.InitialState = RegionState.Down;
            else problems.Add($"{check.Path}:InitialState: '{initial}' is not up or down");
        }
        return options;
    }

    private static TimeSpan? ReadDuration(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (Duration.TryParse(text, out var value) && value > TimeSpan.Zero) return value;
        problems.Add($"{section.Path}:{key}: '{text}' is not a positive duration (\"500ms\", \"10s\", \"1m\" or \"00:00:10\")");
        return null;
    }

    private static int? ReadCount(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 100) return value;
        problems.Add($"{section.Path}:{key}: '{text}' is not a count from 1 to 100");
        return null;
    }

    private static string? Optional(IConfigurationSection section, string key)
    {
        string? text = section[key];
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
