using System.Net;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>Which addresses get bound, and what happens when one cannot be.</summary>
public sealed class BindingTests
{
    [Fact]
    public async Task An_IPv6_address_the_host_does_not_have_is_skipped_and_IPv4_is_served()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:1"] = "[2001:db8::53]:0", // documentation prefix: never configured on a test host
        });

        var endPoint = Assert.Single(server.Listeners.UdpEndPoints);
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        using var client = DnsSockets.UdpClient(server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(client, server.Udp4, DnsWire.Query(5, "a.example."));
        Assert.Equal(5, DnsWire.Id(reply));
    }

    [Fact]
    public async Task Serve_exits_1_when_an_IPv4_address_cannot_be_bound()
    {
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "empty");
        string config = dir.Write("geodns.json", """{ "Listen": [ "192.0.2.53:0" ], "Serilog": { "MinimumLevel": { "Default": "Fatal" } } }""");

        var (exit, _, error) = await CliRunner.RunAsync("serve", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("cannot listen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_addresses_on_port_0_each_get_their_own_free_port()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), settings: new Dictionary<string, string?>
        {
            ["Listen:1"] = "127.0.0.2:0",
        });

        Assert.Equal(2, server.Listeners.UdpEndPoints.Count);
        foreach (var endPoint in server.Listeners.UdpEndPoints)
        {
            using var client = DnsSockets.UdpClient(endPoint);
            var (reply, from) = DnsSockets.UdpExchange(client, endPoint, DnsWire.Query(6, "a.example."));
            Assert.Equal(6, DnsWire.Id(reply));
            Assert.Equal(endPoint, from); // the reply leaves from the address queried
        }
    }
}
