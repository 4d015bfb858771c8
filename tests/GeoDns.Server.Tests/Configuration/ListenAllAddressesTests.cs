using System.Net;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>
/// <c>"*:port"</c> in Listen (the container configuration): every address of the host, each bound on
/// its own (replies still leave from the queried address); a wildcard IP stays rejected for DNS and
/// is accepted for the admin API (TCP only).
/// </summary>
public sealed class ListenAllAddressesTests
{
    private static GeoDnsConfiguration Load(string json)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", json);
        return GeoDnsConfiguration.Load(file, readEnvironment: false);
    }

    [Fact]
    public void Star_expands_to_the_hosts_addresses_with_loopback_and_without_link_local_each_once()
    {
        var configuration = Load("""{ "Listen": [ "*:5300", "127.0.0.1:5300" ] }""");

        var endPoints = configuration.ListenEndPoints;

        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 5300), endPoints);
        Assert.All(endPoints, e => Assert.Equal(5300, e.Port));
        Assert.All(endPoints, e => Assert.False(e.Address.IsIPv6LinkLocal));
        Assert.All(endPoints, e => Assert.False(e.Address.Equals(IPAddress.Any) || e.Address.Equals(IPAddress.IPv6Any)));
        Assert.Equal(endPoints.Count, endPoints.Distinct().Count());
        Assert.Equal(HostAddresses.Unicast().Count, endPoints.Count);
    }

    [Theory]
    [InlineData("0.0.0.0:53", "wildcard")]
    [InlineData("[::]:53", "wildcard")]
    [InlineData("*:0", "not an IP address")]
    [InlineData("*:x", "not an IP address")]
    public void Wildcards_and_bad_star_entries_are_rejected(string listen, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => Load($$"""{ "Listen": [ "{{listen}}" ] }"""));

        Assert.Contains(ex.Problems, p => p.StartsWith("Listen:0:", StringComparison.Ordinal) && p.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0:8053")]
    [InlineData("[::]:8053")]
    public void The_admin_api_may_listen_on_a_wildcard(string listen)
    {
        var configuration = Load($$"""{ "Admin": { "Listen": "{{listen}}" } }""");

        Assert.Equal(IPEndPoint.Parse(listen), configuration.Admin.EndPoint);
    }
}
