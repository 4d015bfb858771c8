using System.Globalization;
using System.Net;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Parses listen addresses: "192.0.2.1:53", "[2001:db8::1]:53". Port 0 picks a free port. "*:53"
/// (see <see cref="TryParseAllAddresses"/>) stands for every address of the host, each bound on its own.
/// </summary>
internal static class ListenAddress
{
    /// <summary>
    /// "*:port": every unicast address of the host's interfaces that are up, resolved once at start
    /// (<see cref="HostAddresses"/>), for containers whose address is not known in advance.
    /// </summary>
    public static bool TryParseAllAddresses(string? text, out int port)
    {
        port = 0;
        if (text is null) return false;
        text = text.Trim();
        if (!text.StartsWith("*:", StringComparison.Ordinal)) return false;
        if (!ushort.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out ushort number) || number == 0) return false;
        port = number;
        return true;
    }

    /// <param name="allowWildcard">true for TCP-only listeners (the admin API), where a wildcard address is harmless.</param>
    public static bool TryParse(string? text, out IPEndPoint endPoint, out string error, bool allowWildcard = false)
    {
        endPoint = new IPEndPoint(IPAddress.None, 0);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty address";
            return false;
        }
        text = text.Trim();
        string host, port;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}' is not of the form [ipv6]:port";
                return false;
            }
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon < 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"'{text}' is not of the form ip:port (write IPv6 as [addr]:port)";
                return false;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{host}' is not an IP address (host names are not accepted)";
            return false;
        }
        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out ushort number))
        {
            error = $"'{port}' is not a port number (0..65535)";
            return false;
        }
        if (!allowWildcard && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            error = $"'{text}' is a wildcard address; list each address to serve on, or write *:{port} for every address of the host (replies must leave from the address a query arrived on)";
            return false;
        }
        endPoint = new IPEndPoint(address, number);
        return true;
    }
}
