using ARSoft.Tools.Net.Dns;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Geo;

/// <summary>
/// Geo routing end to end: the shipped geodns.json topology and zones/ served by the real server
/// on loopback, queried over UDP and TCP with and without EDNS Client Subnet. The test client is
/// 127.0.0.1 / ::1, so the test config adds CIDR rules for those.
/// </summary>
public sealed class GeoServingTests : IAsyncLifetime
{
    private TestServer? _server;

    private TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        var geo = SampleGeo.Section(("127.0.0.0/8", ["ap-south"]), ("::1/128", ["eu-west"]));
        _server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: geo, ipv6: true,
            settings: new Dictionary<string, string?> { ["UdpSocketsPerAddress"] = "1" });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public static TheoryData<string, string, ushort, string, string[], string> EcsCases()
    {
        var cases = new TheoryData<string, string, ushort, string, string[], string>();
        foreach (string transport in new[] { "udp", "tcp" })
        {
            // transport, name, type, ECS, expected answer, expected CLIENT-SUBNET echo
            cases.Add(transport, "www.example.com.", 1, "198.51.100.0/24", ["192.0.2.1"], "198.51.100.0/24/24");
            cases.Add(transport, "www.example.com.", 1, "203.0.113.0/24", ["192.0.2.3"], "203.0.113.0/24/24");
            cases.Add(transport, "www.example.com.", 1, "192.0.2.0/24", ["192.0.2.2"], "192.0.2.0/24/24");
            cases.Add(transport, "www.example.com.", 28, "2001:db8:1::/48", ["2001:db8:e::1"], "2001:db8:1::/48/48");
            cases.Add(transport, "www.example.com.", 28, "2001:db8:3::/56", ["2001:db8:f::3"], "2001:db8:3::/56/48");
            // A name whose answer does not depend on the location: scope 0.
            cases.Add(transport, "api.example.com.", 1, "198.51.100.0/24", ["192.0.2.80", "192.0.2.81"], "198.51.100.0/24/0");
            // ECS follows an in-zone CNAME to a geo name.
            cases.Add(transport, "docs.example.com.", 1, "203.0.113.0/24", ["CNAME www.example.com.", "192.0.2.3"], "203.0.113.0/24/24");
            // Region-specific wildcard.
            cases.Add(transport, "img.cdn.example.com.", 1, "198.51.100.0/24", ["192.0.2.11"], "198.51.100.0/24/24");
            cases.Add(transport, "img.cdn.example.com.", 1, "2001:db8:2::/48", ["192.0.2.12"], "2001:db8:2::/48/48");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(EcsCases))]
    public async Task Answers_by_the_client_subnet_and_echoes_it_with_the_scope(
        string transport, string name, ushort type, string subnet, string[] expected, string echo)
    {
        var reply = await ExchangeAsync(transport, EcsWire.Query(0x4701, name, type, subnet));

        Assert.Equal(ReturnCode.NoError, reply.ReturnCode);
        Assert.Equal(expected, EcsWire.Addresses(reply));
        Assert.Equal(echo, EcsWire.ClientSubnet(reply));
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Without_ECS_the_packet_source_address_is_located(string transport)
    {
        // 127.0.0.1 matches the test rule 127.0.0.0/8 -> ap-south (without it: DefaultOrder, us-east).
        var reply = await ExchangeAsync(transport, EcsWire.Query(0x4702, "www.example.com.", 1, null));

        Assert.Equal(["192.0.2.3"], EcsWire.Addresses(reply));
        Assert.Null(EcsWire.ClientSubnet(reply));
    }

    [Fact]
    public async Task Without_ECS_an_IPv6_source_address_is_located()
    {
        if (Server.Udp6 is null) return; // no IPv6 loopback on this host
        var reply = await ExchangeAsync("udp6", EcsWire.Query(0x4703, "www.example.com.", 28, null));

        Assert.Equal(["2001:db8:e::1"], EcsWire.Addresses(reply)); // ::1/128 -> eu-west
    }

    [Fact]
    public async Task Source_prefix_0_locates_by_the_packet_source_and_answers_scope_0()
    {
        var reply = await ExchangeAsync("udp", EcsWire.Query(0x4704, "www.example.com.", 1, "0.0.0.0/0"));

        Assert.Equal(["192.0.2.3"], EcsWire.Addresses(reply)); // 127.0.0.1 -> ap-south
        Assert.Equal("0.0.0.0/0/0", EcsWire.ClientSubnet(reply));
    }

    public static TheoryData<string, ushort, byte, byte, byte[]> InvalidEcs => new()
    {
        { "IPv4 source prefix 33", 1, 33, 0, [198, 51, 100, 0, 0] },
        { "IPv6 source prefix 129", 2, 129, 0, new byte[17] },
        { "address bits beyond the source prefix", 1, 24, 0, [198, 51, 100, 7] },
        { "unknown family 3", 3, 8, 0, [10] },
        { "scope prefix set in a query", 1, 24, 24, [198, 51, 100] },
    };

    [Theory]
    [MemberData(nameof(InvalidEcs))]
    public async Task Invalid_ECS_is_FORMERR_and_the_server_keeps_answering(string why, ushort family, byte source, byte scope, byte[] address)
    {
        Assert.NotNull(why);
        byte[] bad = EcsWire.Raw(0x4705, "www.example.com.", 1, family, source, scope, address);
        using var socket = DnsSockets.UdpClient(Server.Udp4);

        var (reply, _) = DnsSockets.UdpExchange(socket, Server.Udp4, bad);
        Assert.Equal(0x4705, DnsWire.Id(reply));
        Assert.Equal(DnsWire.FormErr, DnsWire.Rcode(reply));

        var (good, _) = DnsSockets.UdpExchange(socket, Server.Udp4, EcsWire.Query(0x4706, "www.example.com.", 1, "198.51.100.0/24"));
        Assert.Equal(["192.0.2.1"], EcsWire.Addresses(EcsWire.Parse(good)));
    }

    private async Task<DnsMessage> ExchangeAsync(string transport, byte[] query)
    {
        byte[] reply;
        switch (transport)
        {
            case "udp":
            case "udp6":
                var server = transport == "udp" ? Server.Udp4 : Server.Udp6!;
                using (var socket = DnsSockets.UdpClient(server))
                    reply = DnsSockets.UdpExchange(socket, server, query).Reply;
                break;
            default:
                using (var socket = await DnsSockets.TcpConnectAsync(Server.Tcp4))
                    reply = await DnsSockets.ExchangeFramedAsync(socket, query);
                break;
        }
        Assert.Equal(DnsWire.Id(query), DnsWire.Id(reply));
        return EcsWire.Parse(reply);
    }
}
