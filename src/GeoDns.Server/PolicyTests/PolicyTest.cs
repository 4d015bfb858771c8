using System.Net;
using GeoDns.Core.Dns;

namespace GeoDns.Server.PolicyTests;

/// <summary>
/// One line of a policy test file: a query (name, type, the packet's source address, an optional
/// EDNS Client Subnet, the regions simulated down) and what its answer must be.
/// </summary>
internal sealed record PolicyTest(
    SourceLocation Location,
    string Description,
    byte[] Name,
    ushort Type,
    IPAddress From,
    IPAddress? EcsAddress,
    int EcsPrefix,
    IReadOnlyList<PolicyRegionRef> Down,
    PolicyExpectation Expected)
{
    /// <summary>The packet's source address when a test names none: 127.0.0.1.</summary>
    public static IPAddress DefaultFrom { get; } = IPAddress.Loopback;
}
