namespace GeoDns.Server.Listeners;

/// <summary>
/// The listener settings, resolved from the configuration (their defaults are the configuration's:
/// <c>GeoDnsOptions</c>, <c>TcpOptions</c>).
/// </summary>
internal sealed class ListenerSettings
{
    public required int MaxUdpPayload { get; init; }

    /// <summary>UDP sockets per listen address, each with its own receive loop; 0 = one per processor.</summary>
    public required int UdpSocketsPerAddress { get; init; }

    public required TimeSpan TcpIdleTimeout { get; init; }
    public required int TcpMaxConnections { get; init; }
    public required int TcpMaxConnectionsPerClient { get; init; }

    /// <summary>Requested kernel socket buffer size (SO_RCVBUF / SO_SNDBUF) for UDP sockets.</summary>
    public int UdpSocketBufferBytes { get; init; } = 4 * 1024 * 1024;

    public required UdpReceiveMode UdpReceiveMode { get; init; }
}
