using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// All sockets of the server. For each listen address: <see cref="ListenerSettings.UdpSocketsPerAddress"/>
/// UDP sockets sharing the port with SO_REUSEPORT (the kernel spreads clients over them), each with
/// its own receive loop, and one TCP listening socket on the same port. Each configured address is
/// bound on its own, so replies leave from the address the query arrived on; wildcard addresses
/// are rejected by the configuration. Port 0 takes a free port (the same one for UDP and TCP).
/// </summary>
internal sealed class ListenerSet
{
    private const int SolSocket = 1; // SOL_SOCKET on Linux
    private const int SoReuseAddr = 2; // SO_REUSEADDR on Linux
    private const int SoReusePort = 15; // SO_REUSEPORT on Linux

    private readonly IQueryHandler _handler;
    private readonly ListenerSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConnectionLimiter _limiter;
    private readonly TcpRefusalLog _refusals;
    private readonly List<UdpReceiveLoop> _udp = [];
    private readonly List<TcpAcceptLoop> _tcp = [];
    private readonly List<IPEndPoint> _udpEndPoints = [];
    private readonly List<IPEndPoint> _tcpEndPoints = [];

    public ListenerSet(IQueryHandler handler, ListenerSettings settings, TimeProvider timeProvider, ILogger<ListenerSet> logger)
    {
        _handler = handler;
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = logger;
        _limiter = new ConnectionLimiter(settings.TcpMaxConnections, settings.TcpMaxConnectionsPerClient);
        _refusals = new TcpRefusalLog(logger, timeProvider, RefusalLogInterval);
    }

    /// <summary>Refused TCP connections are logged once per this interval, with their count (<see cref="TcpRefusalLog"/>).</summary>
    public static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>The UDP addresses actually bound (port 0 resolved), one per listen address.</summary>
    public IReadOnlyList<IPEndPoint> UdpEndPoints => _udpEndPoints;

    /// <summary>The TCP addresses actually bound.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndPoints => _tcpEndPoints;

    /// <summary>UDP loops and TCP connections that did not finish by themselves at the last stop and were cut off.</summary>
    public int ForcedCloses { get; private set; }

    /// <summary>True from a successful <see cref="Start"/> with at least one address bound until <see cref="StopAsync"/> begins (the admin API's <c>/healthz</c>).</summary>
    public bool IsServing => Volatile.Read(ref _serving);

    private bool _serving;

    /// <summary>Open TCP connections, all listeners together.</summary>
    public int OpenTcpConnections => _limiter.Total;

    /// <summary>TCP connections refused since start (a connection cap reached and no idle connection to close).</summary>
    public long RefusedTcpConnections => _limiter.Refused;

    /// <summary>Idle TCP connections closed since start to make room for a new one.</summary>
    public long EvictedTcpConnections => _limiter.Evicted;

    /// <summary>Binds every address and starts the loops. IPv6 addresses the host cannot bind are skipped with a warning.</summary>
    /// <exception cref="ListenException">an address could not be bound (in use, not on this host, no permission); the ones bound before it stay bound until <see cref="StopAsync"/>.</exception>
    public void Start(IReadOnlyList<IPEndPoint> endPoints)
    {
        int sockets = _settings.UdpSocketsPerAddress > 0 ? _settings.UdpSocketsPerAddress : Environment.ProcessorCount;
        foreach (var endPoint in endPoints)
        {
            (List<Socket> udp, Socket tcp)? bound;
            try
            {
                bound = Bind(endPoint, sockets);
            }
            catch (SocketException ex) when (endPoint.AddressFamily == AddressFamily.InterNetworkV6 &&
                ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported)
            {
                _logger.IPv6Skipped(endPoint, ex.SocketErrorCode.ToString());
                continue;
            }
            catch (SocketException ex)
            {
                throw new ListenException("Listen", endPoint, ex);
            }
            var (udpSockets, tcpSocket) = bound.Value;
            for (int i = 0; i < udpSockets.Count; i++)
            {
                var loop = new UdpReceiveLoop(udpSockets[i], _handler.CreateWorker(), _settings.MaxUdpPayload, _settings.UdpReceiveMode, _logger);
                _udp.Add(loop);
                loop.Start(i);
            }
            var accept = new TcpAcceptLoop(tcpSocket, _handler, _settings, _limiter, _refusals, _timeProvider, _logger);
            _tcp.Add(accept);
            accept.Start();
            var actual = (IPEndPoint)tcpSocket.LocalEndPoint!;
            _udpEndPoints.Add(actual);
            _tcpEndPoints.Add(actual);
            _logger.ListeningUdp(actual, udpSockets.Count, _settings.UdpReceiveMode.ToString());
            _logger.ListeningTcp(actual);
        }
        Volatile.Write(ref _serving, _udp.Count > 0);
    }

    /// <summary>Stops receiving and accepting, finishes the queries in hand, closes every socket.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _serving, false);
        var udpStops = new List<Task<bool>>();
        var tcpStops = new List<Task<int>>();
        foreach (var loop in _udp) udpStops.Add(loop.StopAsync(cancellationToken));
        foreach (var loop in _tcp) tcpStops.Add(loop.StopAsync(cancellationToken));
        int forced = 0;
        foreach (bool graceful in await Task.WhenAll(udpStops).ConfigureAwait(false)) forced += graceful ? 0 : 1;
        foreach (int count in await Task.WhenAll(tcpStops).ConfigureAwait(false)) forced += count;
        ForcedCloses = forced;
        // Sums up the refusals not yet logged.
        _refusals.Dispose();
        _udp.Clear();
        _tcp.Clear();
    }

    private (List<Socket> Udp, Socket Tcp) Bind(IPEndPoint endPoint, int udpSockets)
    {
        if (endPoint.Port != 0) return BindPort(endPoint, udpSockets);

        // Port 0: let the kernel pick with exclusive (non-SO_REUSEPORT) probes, so the port is not
        // one another SO_REUSEPORT group of this user already holds, then bind the group to it.
        SocketException? last = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int port;
            using (var probe = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
            {
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) probe.DualMode = false;
                probe.Bind(endPoint);
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }
            try
            {
                return BindPort(new IPEndPoint(endPoint.Address, port), udpSockets);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                last = ex;
            }
        }
        throw last!;
    }

    private (List<Socket> Udp, Socket Tcp) BindPort(IPEndPoint endPoint, int udpSockets)
    {
        var udp = new List<Socket>();
        Socket? tcp = null;
        try
        {
            tcp = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) tcp.DualMode = false;
            // SO_REUSEADDR alone, so a restart can bind while old connections sit in TIME_WAIT.
            // Not SocketOptionName.ReuseAddress: on Linux and macOS .NET sets SO_REUSEPORT with it,
            // which let a second server (or a duplicate Listen entry) bind the same TCP port and
            // take a share of the connections. Bound exclusively and before the UDP group, the TCP
            // listener is what makes a second instance on the same address fail to start.
            if (OperatingSystem.IsLinux()) tcp.SetRawSocketOption(SolSocket, SoReuseAddr, [1, 0, 0, 0]);
            tcp.Bind(endPoint);
            tcp.Listen(512);
            for (int i = 0; i < udpSockets; i++)
            {
                var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Add(socket);
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReusePort, [1, 0, 0, 0]);
                else if (udpSockets > 1) throw new PlatformNotSupportedException("several UDP sockets per address need SO_REUSEPORT (Linux); set UdpSocketsPerAddress to 1");
                SetBufferSizes(socket, endPoint, i == 0);
                socket.Bind(endPoint);
            }
            return (udp, tcp);
        }
        catch
        {
            tcp?.Dispose();
            foreach (var socket in udp) socket.Dispose();
            throw;
        }
    }

    private void SetBufferSizes(Socket socket, IPEndPoint endPoint, bool report)
    {
        int wanted = _settings.UdpSocketBufferBytes;
        try
        {
            socket.ReceiveBufferSize = wanted;
            socket.SendBufferSize = wanted;
        }
        catch (SocketException)
        {
        }
        // Linux reports double the usable size and caps at net.core.rmem_max / wmem_max.
        if (report && (socket.ReceiveBufferSize < wanted || socket.SendBufferSize < wanted))
            _logger.UdpBufferSizes(endPoint, socket.ReceiveBufferSize, socket.SendBufferSize, wanted);
    }
}
