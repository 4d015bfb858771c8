using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// Raw UDP and TCP exchanges. Every receive has a generous timeout so a broken server fails a test
/// instead of hanging it; no test asserts on how long anything took.
/// </summary>
internal static class DnsSockets
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Socket UdpClient(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveTimeout = (int)Patience.TotalMilliseconds,
        };
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        return socket;
    }

    /// <summary>Sends over UDP and returns the first datagram back with the address it came from.</summary>
    public static (byte[] Reply, EndPoint From) UdpExchange(Socket socket, IPEndPoint server, byte[] query)
    {
        socket.SendTo(query, server);
        return UdpReceive(socket);
    }

    public static (byte[] Reply, EndPoint From) UdpReceive(Socket socket)
    {
        var buffer = new byte[65535];
        EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        int n = socket.ReceiveFrom(buffer, ref from);
        return (buffer[..n], from);
    }

    public static async Task<Socket> TcpConnectAsync(IPEndPoint server, IPAddress? from = null)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null) socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(server);
        return socket;
    }

    public static async Task<byte[]?> ReadFramedAsync(Socket socket)
    {
        var prefix = new byte[2];
        if (!await ReadExactAsync(socket, prefix)) return null;
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadExactAsync(socket, message) ? message : null;
    }

    /// <summary>Reads <paramref name="count"/> framed replies (for pipelined queries); fails if the connection ends first.</summary>
    public static async Task<List<byte[]>> ReadFramedRepliesAsync(Socket socket, int count)
    {
        var replies = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
            replies.Add(await ReadFramedAsync(socket) ?? throw new InvalidOperationException($"connection closed after {i} of {count} replies"));
        return replies;
    }

    public static async Task<byte[]> ExchangeFramedAsync(Socket socket, byte[] query)
    {
        await socket.SendAsync(DnsWire.Framed(query));
        return await ReadFramedAsync(socket) ?? throw new InvalidOperationException("connection closed before the reply");
    }

    /// <summary>True when the server has closed the connection (end of stream or reset), reading and discarding anything before.</summary>
    public static async Task<bool> IsClosedByServerAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return true;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> ReadExactAsync(Socket socket, byte[] buffer)
    {
        using var cts = new CancellationTokenSource(Patience);
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
