using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace GeoDns.Server.Configuration;

/// <summary>
/// The addresses a "*:port" listen entry expands to: every unicast IPv4 and IPv6 address of the
/// interfaces that are up (loopback included), except IPv6 link-local ones (they need a scope and
/// clients do not query them). Read once at start: an address added later is not served until a restart.
/// </summary>
internal static class HostAddresses
{
    public static IReadOnlyList<IPAddress> Unicast()
    {
        var result = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown)) continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) continue;
                if (address.IsIPv6LinkLocal || address.IsIPv6Multicast) continue;
                if (address.AddressFamily == AddressFamily.InterNetworkV6) address = new IPAddress(address.GetAddressBytes());
                if (!result.Contains(address)) result.Add(address);
            }
        }
        return result;
    }
}
