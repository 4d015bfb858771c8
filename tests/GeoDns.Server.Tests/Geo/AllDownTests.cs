using GeoDns.Core.Health;
using GeoDns.Core.Resolution;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Geo;

/// <summary>
/// Region health through the host's <see cref="ServingState"/> (the health issue will drive it; here
/// the test publishes snapshots): a down region is skipped, and when every region that defines
/// the RRset is down the <c>Geo:AllDown</c> policy decides — <c>first</c> fails open, <c>nodata</c>.
/// </summary>
public sealed class AllDownTests
{
    public static TheoryData<string, string[], string[]> Cases => new()
    {
        // policy, regions down, answer (empty = NODATA)
        { "first", [], ["192.0.2.2"] },
        { "first", ["us-east"], ["192.0.2.1"] },
        { "first", ["us-east", "ap-south"], ["192.0.2.1"] },
        { "first", ["us-east", "eu-west"], ["192.0.2.2"] },   // fail open: the first preferred region that defines it
        { "nodata", ["us-east"], ["192.0.2.1"] },
        { "nodata", ["us-east", "eu-west"], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Down_regions_are_skipped_and_AllDown_decides_when_none_is_left(string policy, string[] down, string[] expected)
    {
        await using var server = await TestServer.StartAsync(zones: TwoRegionGeo.Zones(), geo: TwoRegionGeo.Geo(policy));
        var topology = server.Host.Services.GetRequiredService<ServingState>().Current.Topology;
        var indices = down.Select(name => topology.RegionNames.ToList().IndexOf(name)).ToArray();
        Assert.DoesNotContain(-1, indices);
        server.Host.Services.GetRequiredService<ServingState>().SetHealth(new HealthSnapshot(indices));

        using var socket = DnsSockets.UdpClient(server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(socket, server.Udp4, EcsWire.Query(0x4801, "www.geo.test.", 1, null));
        var message = EcsWire.Parse(reply);

        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(reply));
        Assert.Equal(expected, EcsWire.Addresses(message));
    }
}
