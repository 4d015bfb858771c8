namespace GeoDns.Core.Health;

public sealed partial class HealthMonitor
{
    /// <summary>Largest TTL a DNS record may carry (RFC 2181 §8).</summary>
    private const int MaxTtl = int.MaxValue;

    /// <summary>Checks <paramref name="options"/> against the topology's regions; the exception names the offending field (its path in the options).</summary>
    /// <exception cref="HealthConfigException">The first invalid value.</exception>
    public static void Validate(HealthOptions options, IReadOnlyList<string> regionNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(regionNames);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in regionNames)
        {
            if (string.IsNullOrEmpty(name) || !known.Add(name))
                throw new ArgumentException($"Region names must be non-empty and distinct ('{name}').", nameof(regionNames));
        }
        if (options.FailoverTtl < TimeSpan.Zero || options.FailoverTtl.TotalSeconds > MaxTtl)
            throw new HealthConfigException("FailoverTtl", $"must be between 0s and {MaxTtl}s");
        if (options.StateFile is { } stateFile && string.IsNullOrWhiteSpace(stateFile))
            throw new HealthConfigException("StateFile", "must be a file path or absent");
        if (options.Regions is null) throw new HealthConfigException("Regions", "must be a section of regions");
        foreach (var (name, region) in options.Regions)
        {
            string key = $"Regions:{name}";
            if (!known.Contains(name))
            {
                string list = regionNames.Count == 0 ? "none" : string.Join(", ", regionNames);
                throw new HealthConfigException(key, $"unknown region '{name}' (the geo topology defines: {list})");
            }
            if (region is null) throw new HealthConfigException(key, "must be a section");
            if (!Enum.IsDefined(region.Require)) throw new HealthConfigException(key + ":Require", "must be 'all' or 'any'");
            if (region.Checks is null) throw new HealthConfigException(key + ":Checks", "must be a list of checks");
            for (int i = 0; i < region.Checks.Count; i++) ValidateCheck($"{key}:Checks:{i}", region.Checks[i]);
        }
    }

    private static void ValidateCheck(string key, HealthCheckOptions? check)
    {
        if (check is null) throw new HealthConfigException(key, "must be a check section");
        if (!Enum.IsDefined(check.Type)) throw new HealthConfigException(key + ":Type", "must be http, https or tcp");
        if (check.Interval <= TimeSpan.Zero) throw new HealthConfigException(key + ":Interval", "must be positive");
        if (check.Timeout <= TimeSpan.Zero) throw new HealthConfigException(key + ":Timeout", "must be positive");
        if (check.Timeout > check.Interval)
            throw new HealthConfigException(key + ":Timeout", $"must not exceed the interval ({check.Interval})");
        if (check.Rise < 1) throw new HealthConfigException(key + ":Rise", "must be at least 1");
        if (check.Fall < 1) throw new HealthConfigException(key + ":Fall", "must be at least 1");
        if (!Enum.IsDefined(check.InitialState)) throw new HealthConfigException(key + ":InitialState", "must be up or down");
        if (check.Type == HealthCheckType.Tcp)
        {
            if (check.Url is not null) throw new HealthConfigException(key + ":Url", "applies to http/https checks only (tcp uses Endpoint)");
            if (!TryParseEndpoint(check.Endpoint, out _, out _))
                throw new HealthConfigException(key + ":Endpoint", "must be host:port or [ipv6]:port with a port 1-65535");
            return;
        }

        string scheme = check.Type == HealthCheckType.Https ? "https" : "http";
        if (check.Endpoint is not null) throw new HealthConfigException(key + ":Endpoint", "applies to tcp checks only (http/https use Url)");
        if (!Uri.TryCreate(check.Url, UriKind.Absolute, out var url) || url.Scheme != scheme || string.IsNullOrEmpty(url.Host))
            throw new HealthConfigException(key + ":Url", $"must be an absolute {scheme}:// URL");
        bool head = string.Equals(check.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (!head && !string.Equals(check.Method, "GET", StringComparison.OrdinalIgnoreCase))
            throw new HealthConfigException(key + ":Method", "must be GET or HEAD");
        if (check.ExpectedStatus is null) throw new HealthConfigException(key + ":ExpectedStatus", "must be a list of status codes");
        for (int i = 0; i < check.ExpectedStatus.Length; i++)
        {
            if (check.ExpectedStatus[i] is < 100 or > 599)
                throw new HealthConfigException($"{key}:ExpectedStatus:{i}", "must be an HTTP status code (100-599)");
        }
        if (head && !string.IsNullOrEmpty(check.BodyContains))
            throw new HealthConfigException(key + ":BodyContains", "needs a GET check (a HEAD response has no body)");
        if (check.Host is { } host && (host.Length == 0 || Uri.CheckHostName(host.Split(':')[0]) == UriHostNameType.Unknown))
            throw new HealthConfigException(key + ":Host", "must be a host name");
        if (check.Type == HealthCheckType.Http && !check.VerifyTls)
            throw new HealthConfigException(key + ":VerifyTls", "applies to https checks only");
    }
}
