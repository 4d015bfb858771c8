using System.Net;
using System.Net.Sockets;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// Floods one name over UDP from one local address, as fast as the socket sends, and sorts the
/// replies: full answers (no TC, NOERROR, one answer record), slipped ones (TC, the question, no
/// records: what response rate limiting sends instead of dropping), and anything else.
/// </summary>
internal static class UdpFlood
{
    /// <summary>A UDP socket bound to <paramref name="address"/> (any 127/8 address is local on Linux: another client netblock).</summary>
    public static Socket From(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    /// <summary>Sends <paramref name="queries"/> queries for <paramref name="name"/> from <paramref name="flooder"/>, then reads until a second passes without a reply.</summary>
    public static async Task<(int Full, int Slipped, int Other)> RunAsync(Socket flooder, EndPoint server, string name, int queries)
    {
        int full = 0, slipped = 0, other = 0;
        var receiver = Task.Run(() =>
        {
            flooder.ReceiveTimeout = 1000;
            var buffer = new byte[65535];
            while (true)
            {
                int n;
                try
                {
                    n = flooder.Receive(buffer);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    return;
                }
                var reply = buffer.AsSpan(0, n);
                bool tc = (reply[2] & 0x02) != 0;
                if (!tc && DnsWire.Rcode(reply) == 0 && DnsWire.AnswerCount(reply) == 1) full++;
                else if (tc && DnsWire.AnswerCount(reply) == 0 && reply[5] == 1 && reply[9] == 0) slipped++;
                else other++;
            }
        });
        for (int i = 0; i < queries; i++) flooder.SendTo(DnsWire.Query((ushort)i, name), server);
        await receiver;
        return (full, slipped, other);
    }
}
