using System.Net;

namespace GeoDns.Server.Configuration;

/// <summary>The <c>Admin</c> section: the admin HTTP API.</summary>
internal sealed class AdminOptions
{
    public const string DefaultListen = "127.0.0.1:8053";

    /// <summary>False: no admin listener.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>"ip:port" or "[ipv6]:port" (port 0 = any free port).</summary>
    public string Listen { get; set; } = DefaultListen;

    /// <summary>Bearer token for state-changing calls (env <c>GEODNS__Admin__Token</c>); null = such calls are refused.</summary>
    public string? Token { get; set; }

    /// <summary>The parsed <see cref="Listen"/> address.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 8053);
}
