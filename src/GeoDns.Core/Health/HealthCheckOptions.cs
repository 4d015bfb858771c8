namespace GeoDns.Core.Health;

/// <summary>One probe.</summary>
public sealed class HealthCheckOptions
{
    /// <summary>Display name (status, logs); default "METHOD url" or "tcp endpoint".</summary>
    public string? Name { get; set; }
    public HealthCheckType Type { get; set; } = HealthCheckType.Http;
    /// <summary>http/https: the URL probed.</summary>
    public string? Url { get; set; }
    /// <summary>http/https: Host header to send (the URL may use an IP address).</summary>
    public string? Host { get; set; }
    /// <summary>http/https: GET (default) or HEAD.</summary>
    public string Method { get; set; } = "GET";
    /// <summary>http/https: accepted status codes; empty = any 2xx.</summary>
    public int[] ExpectedStatus { get; set; } = [];
    /// <summary>http/https: the body must contain this substring (GET only).</summary>
    public string? BodyContains { get; set; }
    /// <summary>https: verify the server certificate (default on).</summary>
    public bool VerifyTls { get; set; } = true;
    /// <summary>tcp: "host:port" or "[v6]:port" to connect to.</summary>
    public string? Endpoint { get; set; }
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>Consecutive successes to go up.</summary>
    public int Rise { get; set; } = 2;
    /// <summary>Consecutive failures to go down.</summary>
    public int Fall { get; set; } = 3;
    /// <summary>State before the first verdict (default up: a region is up until Fall failures).</summary>
    public RegionState InitialState { get; set; } = RegionState.Up;
}
