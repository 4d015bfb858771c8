using System.Text;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary><c>Identity</c> and <c>Version</c> reach the query pipeline: CH TXT id.server / version.bind.</summary>
public sealed class IdentityTests
{
    private const ushort Txt = 16, Chaos = 3;

    [Fact]
    public async Task Configured_identity_and_version_are_answered()
    {
        await using var server = await TestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Identity"] = "ns1.geodns.test",
            ["Version"] = "geodns-test-1",
        });
        using var client = DnsSockets.UdpClient(server.Udp4);

        var (identity, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(1, "id.server.", Txt, Chaos));
        var (version, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(2, "version.bind.", Txt, Chaos));

        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(identity));
        Assert.Equal(1, DnsWire.AnswerCount(identity));
        Assert.Contains("ns1.geodns.test", Encoding.ASCII.GetString(identity), StringComparison.Ordinal);
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(version));
        Assert.Contains("geodns-test-1", Encoding.ASCII.GetString(version), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_they_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        using var client = DnsSockets.UdpClient(server.Udp4);

        var (identity, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(1, "id.server.", Txt, Chaos));
        var (version, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(2, "version.bind.", Txt, Chaos));

        Assert.Equal(DnsWire.Refused, DnsWire.Rcode(identity));
        Assert.Equal(DnsWire.Refused, DnsWire.Rcode(version));
    }
}
