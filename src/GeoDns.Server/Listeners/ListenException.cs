using System.Net;
using System.Net.Sockets;

namespace GeoDns.Server.Listeners;

/// <summary>
/// A configured address could not be bound (in use, not on this host, no permission):
/// <c>geodns serve</c> does not start (exit 1) and prints the message, one line naming the
/// configuration key and the address, e.g. <c>Admin:Listen: cannot listen on 127.0.0.1:8053: address already in use</c>.
/// </summary>
internal sealed class ListenException : Exception
{
    public ListenException(string key, EndPoint endPoint, SocketException inner)
        : base($"{key}: cannot listen on {endPoint}: {Describe(inner.SocketErrorCode, inner.Message)}", inner)
    {
        Key = key;
        EndPoint = endPoint;
        SocketErrorCode = inner.SocketErrorCode;
    }

    /// <summary>The configuration key that names the address (<c>Listen</c>, <c>Admin:Listen</c>).</summary>
    public string Key { get; }

    /// <summary>The address that could not be bound, as configured.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Why, as the socket layer said it.</summary>
    public SocketError SocketErrorCode { get; }

    /// <summary>The reason in a few words, with what to do where there is something to do.</summary>
    private static string Describe(SocketError error, string message) => error switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AccessDenied => "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE)",
        SocketError.AddressNotAvailable => "address not available (not an address of this host)",
        SocketError.AddressFamilyNotSupported => "address family not supported on this host",
        _ => message.TrimEnd('.'),
    };
}
