namespace GeoDns.Server.Configuration;

/// <summary>
/// The server settings, bound from the configuration root (<c>geodns.json</c>, <c>GEODNS__…</c>
/// environment variables, <c>--Key=Value</c> arguments). Checked by <see cref="GeoDnsOptionsValidator"/>.
/// </summary>
internal sealed class GeoDnsOptions
{
    /// <summary>The default listen addresses, used when <see cref="Listen"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultListen { get; } = ["127.0.0.1:5353", "[::1]:5353"];

    /// <summary>Addresses to serve on, "ip:port" or "[ipv6]:port". Empty: <see cref="DefaultListen"/>.</summary>
    public List<string> Listen { get; set; } = [];

    /// <summary>Directory of <c>*.zone</c> files, relative to the config file's directory (or the working directory when there is no config file).</summary>
    public string ZonesDirectory { get; set; } = "zones";

    /// <summary>Largest UDP payload answered under EDNS, 512..4096.</summary>
    public int MaxUdpPayload { get; set; } = Core.Pipeline.ProtocolOptions.DefaultMaxUdpPayload;

    /// <summary>UDP sockets (each with its own receive thread) per listen address; 0 = one per processor.</summary>
    public int UdpSocketsPerAddress { get; set; }

    /// <summary>NSID / id.server / hostname.bind answer; null = not answered.</summary>
    public string? Identity { get; set; }

    /// <summary>version.bind answer; null = REFUSED.</summary>
    public string? Version { get; set; }

    /// <summary>How UDP receive loops wait: Blocking (a thread per socket, default) or Async.</summary>
    public Listeners.UdpReceiveMode UdpReceiveMode { get; set; } = Listeners.UdpReceiveMode.Blocking;

    public TcpOptions Tcp { get; set; } = new();

    /// <summary>The listen addresses in force (the configured ones, or the defaults).</summary>
    public IReadOnlyList<string> EffectiveListen => Listen.Count > 0 ? Listen : DefaultListen;
}
