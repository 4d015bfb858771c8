namespace GeoDns.Server.Listeners;

/// <summary>The listener settings, resolved from the configuration.</summary>
internal sealed class ListenerSettings
{
    public int MaxUdpPayload { get; init; } = 1232;

    /// <summary>UDP sockets per listen address, each with its own receive loop; 0 = one per processor.</summary>
    public int UdpSocketsPerAddress { get; init; }

    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int TcpMaxConnections { get; init; } = 1000;
    public int TcpMaxConnectionsPerClient { get; init; } = 50;

    /// <summary>Requested kernel socket buffer size (SO_RCVBUF / SO_SNDBUF) for UDP sockets.</summary>
    public int UdpSocketBufferBytes { get; init; } = 4 * 1024 * 1024;

    public UdpReceiveMode UdpReceiveMode { get; init; } = UdpReceiveMode.Blocking;
}
