using System.Net;
using System.Text.Json;
using GeoDns.Core.Health;
using GeoDns.Core.Zones.Loading;
using GeoDns.Server.Logging;
using GeoDns.Server.QueryLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoDns.Server.Configuration;

/// <summary>
/// The loaded configuration: the raw <see cref="IConfiguration"/> (for the Serilog section) and the
/// validated <see cref="GeoDnsOptions"/>. Sources, later ones winning: the JSON file, environment
/// variables prefixed <c>GEODNS__</c> (<c>GEODNS__Tcp__IdleTimeout=5s</c>), then <c>--Key=Value</c> arguments.
/// </summary>
internal sealed class GeoDnsConfiguration
{
    public const string DefaultFileName = "geodns.json";
    public const string EnvironmentPrefix = "GEODNS__";

    private GeoDnsConfiguration(IConfiguration configuration, GeoDnsOptions options, GeoSetup geo, HealthOptions health, AdminOptions admin, ZonesOptions zones, QueryLogOptions queryLog, CookiesOptions cookies, RateLimitSettings rateLimit, string baseDirectory, string? configFile, IReadOnlyList<ConfigWarning> warnings)
    {
        Zones = zones;
        Configuration = configuration;
        Health = health;
        Admin = admin;
        QueryLog = queryLog;
        Cookies = cookies;
        RateLimit = rateLimit;
        Options = options;
        Geo = geo;
        BaseDirectory = baseDirectory;
        ConfigFile = configFile;
        SourcedWarnings = warnings;
        Warnings = [.. warnings.Select(w => w.Origin is null ? w.Text : $"{w.Text} (from {w.Origin})")];
    }

    /// <summary>
    /// Problems that do not stop the server: keys it does not know (a typo leaves the default in
    /// force), and those of <see cref="GeoSetup.Warnings"/>.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary><see cref="Warnings"/> with where each key came from: null for the file, else "command line --Key" or "environment GEODNS__Key".</summary>
    public IReadOnlyList<ConfigWarning> SourcedWarnings { get; }

    public IConfiguration Configuration { get; }
    public GeoDnsOptions Options { get; }

    /// <summary>The <c>Geo</c> section compiled: the GeoIP database opened and the topology built.</summary>
    public GeoSetup Geo { get; }

    /// <summary>The <c>Health</c> section (region names checked against the topology; <c>StateFile</c> made absolute).</summary>
    public HealthOptions Health { get; }

    /// <summary>The <c>Admin</c> section.</summary>
    public AdminOptions Admin { get; }

    /// <summary>The <c>QueryLog</c> section (<c>Path</c> made absolute; empty = standard output).</summary>
    public QueryLogOptions QueryLog { get; }

    /// <summary>The <c>Cookies</c> section (DNS cookies; the secrets parsed).</summary>
    public CookiesOptions Cookies { get; }
    /// <summary>The <c>RateLimit</c> section (response rate limiting; off unless enabled).</summary>
    public RateLimitSettings RateLimit { get; }

    /// <summary>The <c>Zones</c> section (live reload; <c>LastGoodDirectory</c> made absolute).</summary>
    public ZonesOptions Zones { get; }

    /// <summary>How zone files load: the topology's region names (when regions are configured) and the <c>Zones:Max*</c> limits. <c>check</c>, <c>explain</c> and the server all use this.</summary>
    public ZoneLoadOptions ZoneLoadOptions => new()
    {
        Regions = Geo.ZoneLoadOptions?.Regions,
        MaxGenerateRecords = Zones.MaxGenerateRecords,
        MaxRecordsPerZone = Zones.MaxRecordsPerZone,
    };

    /// <summary>The sources this configuration was read from, so <see cref="Reload"/> reads the same ones again.</summary>
    private Sources Origin { get; init; } = new(null, null, null, true);

    /// <summary>The directory relative paths are resolved against: the config file's directory, or the working directory.</summary>
    public string BaseDirectory { get; }

    /// <summary>The config file read, or null when none existed.</summary>
    public string? ConfigFile { get; }

    /// <summary>The zones directory as an absolute path.</summary>
    public string ZonesDirectory => Path.GetFullPath(Path.Combine(BaseDirectory, Options.ZonesDirectory));

    /// <summary>The listen addresses in force, parsed; "*:port" expanded to the host's addresses now (each address once).</summary>
    public IReadOnlyList<IPEndPoint> ListenEndPoints
    {
        get
        {
            var result = new List<IPEndPoint>();
            foreach (string text in Options.EffectiveListen)
            {
                if (ListenAddress.TryParseAllAddresses(text, out int port))
                {
                    foreach (var address in HostAddresses.Unicast())
                    {
                        var expanded = new IPEndPoint(address, port);
                        if (!result.Contains(expanded)) result.Add(expanded);
                    }
                    continue;
                }
                ListenAddress.TryParse(text, out var endPoint, out _);
                if (endPoint.Port == 0 || !result.Contains(endPoint)) result.Add(endPoint);
            }
            return result;
        }
    }

    /// <summary>
    /// Reads and validates the configuration again from the sources this one was loaded from (the
    /// same file, environment and command-line overrides): what a live reload applies.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">as for <see cref="Load"/>; nothing changes.</exception>
    public GeoDnsConfiguration Reload() => Load(Origin.ConfigPath, Origin.Overrides, Origin.Extra, Origin.ReadEnvironment);

    /// <summary>
    /// Reads and validates the configuration. <paramref name="configPath"/> null means
    /// <c>geodns.json</c> in the working directory, which may be absent (then defaults apply); an
    /// explicitly named file must exist.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">a file is missing or malformed, or a key has a bad value.</exception>
    public static GeoDnsConfiguration Load(
        string? configPath,
        IEnumerable<string>? overrides = null,
        IEnumerable<KeyValuePair<string, string?>>? extra = null,
        bool readEnvironment = true)
    {
        string? file;
        if (configPath is null)
        {
            string candidate = Path.GetFullPath(DefaultFileName);
            file = File.Exists(candidate) ? candidate : null;
        }
        else
        {
            file = Path.GetFullPath(configPath);
            if (!File.Exists(file))
                throw new InvalidConfigurationException($"--config: file '{configPath}' not found");
        }

        var builder = new ConfigurationBuilder();
        if (file is not null) builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        if (extra is not null) builder.AddInMemoryCollection(extra);
        if (readEnvironment) builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddCommandLine(overrides.ToArray());

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            // Malformed JSON ("Failed to load configuration from file" wrapping the parser's error,
            // which says where) or a command-line argument that is not --Key=Value.
            throw new InvalidConfigurationException(LoadProblem(file ?? "command line", ex), ex);
        }

        try
        {
            return Validate(configuration, file, overrides, extra, readEnvironment);
        }
        catch (InvalidConfigurationException ex)
        {
            // A problem with a key set on the command line or in the environment says so: the
            // file may hold a good value for the same key.
            var annotated = ex.Problems.Select(p => ConfigOrigin.Annotate(configuration, p)).ToList();
            if (annotated.SequenceEqual(ex.Problems)) throw;
            throw new InvalidConfigurationException(annotated);
        }
    }

    private static GeoDnsConfiguration Validate(
        IConfigurationRoot configuration,
        string? file,
        IEnumerable<string>? overrides,
        IEnumerable<KeyValuePair<string, string?>>? extra,
        bool readEnvironment)
    {
        var options = new GeoDnsOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // "Failed to convert configuration value at 'MaxUdpPayload' to type 'System.Int32'."
            throw new InvalidConfigurationException(ex.Message, ex);
        }

        var problems = new List<string>();
        // Listen:N entries merge by index across the sources (--Listen:0=… replaces the first entry and
        // keeps the file's others); one string, "a,b", is a whole list that replaces them all.
        if (WholeList(configuration, "Listen") is { } listen) options.Listen = listen;
        // A scalar where a section belongs binds to nothing and would silently leave the defaults in force.
        if (!string.IsNullOrEmpty(configuration["Tcp"]))
            problems.Add($"Tcp: '{configuration["Tcp"]}' is not a section; write {{ \"IdleTimeout\": \"10s\", ... }}");
        var result = new GeoDnsOptionsValidator().Validate(null, options);
        if (result.Failed) problems.AddRange(result.Failures);
        if (SerilogSetup.Problem(configuration) is { } serilog) problems.Add($"Serilog: {serilog}");
        var geoOptions = GeoSection.Read(configuration, problems);
        var health = HealthSection.Read(configuration, problems);
        var admin = AdminSection.Read(configuration, problems);
        var queryLog = QueryLogSection.Read(configuration, problems);
        var zones = ZonesSection.Read(configuration, problems);
        var cookies = CookiesSection.Read(configuration, problems);
        var rateLimit = RateLimitSection.Read(configuration, problems);
        if (problems.Count > 0) throw new InvalidConfigurationException(problems);

        string baseDirectory = file is not null ? Path.GetDirectoryName(file)! : Directory.GetCurrentDirectory();
        // Like ValidateOnStart: the database is opened and the topology compiled here, so a bad
        // Geo section stops every command (serve, check, explain) with one line naming its key.
        var geo = GeoSetup.Build(geoOptions, baseDirectory);
        if (health.StateFile is not null) health.StateFile = Path.GetFullPath(Path.Combine(baseDirectory, health.StateFile));
        if (queryLog.Path is not null) queryLog.Path = Path.GetFullPath(Path.Combine(baseDirectory, queryLog.Path));
        if (zones.LastGoodDirectory is not null) zones.LastGoodDirectory = Path.GetFullPath(Path.Combine(baseDirectory, zones.LastGoodDirectory));
        if (zones.LastGoodDirectory is not null && SameDirectory(zones.LastGoodDirectory, Path.Combine(baseDirectory, options.ZonesDirectory)))
            throw new InvalidConfigurationException($"Zones:LastGoodDirectory: '{zones.LastGoodDirectory}' is the zones directory (ZonesDirectory); the copies would replace the zone files");
        ValidateHealth(health, geo);
        return new GeoDnsConfiguration(configuration, options, geo, health, admin, zones, queryLog, cookies, rateLimit, baseDirectory, file,
            [.. UnknownKeys(configuration).Concat(geo.Warnings).Select(w => new ConfigWarning(w, ConfigOrigin.KeyOf(w) is { } key ? ConfigOrigin.Of(configuration, key) : null))])
        {
            Origin = new Sources(file, overrides?.ToArray(), extra?.ToArray(), readEnvironment),
        };
    }

    /// <summary>
    /// A list key given as one comma-separated string (<c>--Listen=192.0.2.53:53,[2001:db8::53]:53</c>,
    /// <c>GEODNS__Listen=…</c>, <c>"Listen": "…"</c>) by the latest source that sets the key at all: that list
    /// replaces every indexed entry of earlier sources. Null when the latest source gives indexed entries
    /// (or none does), so the usual binding stands.
    /// </summary>
    private static List<string>? WholeList(IConfigurationRoot configuration, string key)
    {
        for (int i = configuration.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = configuration.Providers.ElementAt(i);
            if (provider.TryGet(key, out string? value) && !string.IsNullOrWhiteSpace(value))
                return [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (provider.GetChildKeys([], key).Any()) return null;
        }
        return null;
    }

    /// <summary>
    /// What went wrong reading the sources: for malformed JSON <c>file:line:col: malformed JSON: message</c>
    /// (the parser counts from 0), else the innermost message (the outer ones only say "failed to load").
    /// </summary>
    private static string LoadProblem(string source, Exception exception)
    {
        var innermost = exception;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            innermost = e;
            if (e is JsonException { LineNumber: { } line, BytePositionInLine: { } column } json)
            {
                string message = json.Message;
                int positions = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
                if (positions < 0) positions = message.IndexOf(" Path: ", StringComparison.Ordinal);
                if (positions > 0) message = message[..positions];
                return $"{source}:{line + 1}:{column + 1}: malformed JSON: {message.TrimEnd()}";
            }
        }
        return $"{source}: {innermost.Message}";
    }

    /// <summary>
    /// Health region names must be topology regions; the checks themselves are validated by
    /// constructing (and discarding, never starting) a <see cref="HealthMonitor"/>, the very code that runs them.
    /// </summary>
    private static void ValidateHealth(HealthOptions health, GeoSetup geo)
    {
        foreach (string region in health.Regions.Keys)
        {
            bool known = false;
            foreach (string name in geo.Topology.RegionNames) known |= name.Equals(region, StringComparison.Ordinal);
            if (!known)
            {
                string names = geo.HasRegions ? string.Join(", ", geo.Topology.RegionNames) : "none configured";
                throw new InvalidConfigurationException($"Health:Regions:{region}: not a region of Geo:Regions ({names})");
            }
        }
        if (health.Regions.Count == 0) return;
        try
        {
            var monitor = new HealthMonitor(health, geo.Topology.RegionNames.ToList(), TimeProvider.System, NullLogger.Instance, _ => { });
            monitor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (HealthConfigException ex)
        {
            throw new InvalidConfigurationException(ex.Describe(HealthSection.Name), ex);
        }
    }

    private static readonly (string Name, Action<IConfiguration, List<string>> Check)[] SectionChecks =
    [
        (GeoSection.Name, GeoSection.UnknownKeys),
        (HealthSection.Name, HealthSection.UnknownKeys),
        (AdminSection.Name, AdminSection.UnknownKeys),
        (QueryLogSection.Name, QueryLogSection.UnknownKeys),
        (ZonesSection.Name, ZonesSection.UnknownKeys),
        (CookiesSection.Name, CookiesSection.UnknownKeys),
        (RateLimitSection.Name, RateLimitSection.UnknownKeys),
    ];

    /// <summary>
    /// Keys that bind to nothing: every property of <see cref="GeoDnsOptions"/> and of its
    /// <c>Tcp</c> section is known, the <c>Geo</c> section is checked by <see cref="GeoSection"/>,
    /// and the <c>Serilog</c> section belongs to Serilog.
    /// </summary>
    private static List<string> UnknownKeys(IConfiguration configuration)
    {
        // Sections read by hand check their own keys.
        var warnings = new List<string>();
        foreach (var section in configuration.GetChildren())
        {
            if (section.Key.Equals("Serilog", StringComparison.OrdinalIgnoreCase)) continue;
            if (SectionChecks.FirstOrDefault(s => s.Name.Equals(section.Key, StringComparison.OrdinalIgnoreCase)).Check is { } check)
            {
                check(configuration, warnings);
                continue;
            }
            if (!ConfigKeys.IsKnown(RootKeys, section.Key))
            {
                warnings.Add(ConfigKeys.Unknown(section, RootKeys));
                continue;
            }
            if (section.Key.Equals(nameof(GeoDnsOptions.Tcp), StringComparison.OrdinalIgnoreCase)) ConfigKeys.WarnUnknown(section, TcpKeys, warnings);
        }
        return warnings;
    }

    /// <summary>The top-level keys: the options' properties, the hand-read sections and Serilog.</summary>
    private static readonly string[] RootKeys = [.. ConfigKeys.PropertiesOf(typeof(GeoDnsOptions)), .. SectionChecks.Select(s => s.Name), "Serilog"];

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static readonly string[] TcpKeys = ConfigKeys.PropertiesOf(typeof(TcpOptions));

    /// <summary>A warning and where its key came from (null: the configuration file).</summary>
    internal sealed record ConfigWarning(string Text, string? Origin);

    private sealed record Sources(string? ConfigPath, string[]? Overrides, KeyValuePair<string, string?>[]? Extra, bool ReadEnvironment);
}
