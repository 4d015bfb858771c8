namespace GeoDns.Server.Configuration;

/// <summary>DNS over TCP (RFC 7766) settings: the <c>Tcp</c> section.</summary>
internal sealed class TcpOptions
{
    /// <summary>How long a connection may wait for its next query: "10s", "500ms", "2m" or "00:00:10".</summary>
    public string IdleTimeout { get; set; } = "10s";

    /// <summary>Most TCP connections open at once, all clients together.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Most TCP connections open at once from one client: an IPv4 address or an IPv6 /64.</summary>
    public int MaxConnectionsPerClient { get; set; } = 50;

    /// <summary>The parsed <see cref="IdleTimeout"/>; call after validation.</summary>
    public TimeSpan GetIdleTimeout() =>
        Duration.TryParse(IdleTimeout, out var value) ? value : throw new FormatException($"Tcp:IdleTimeout: '{IdleTimeout}' is not a duration");
}
