using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using GeoDns.Server.Tests.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>
/// The whole server as <c>geodns serve</c> composes it (zone loader, query processor, listeners),
/// serving the shipped sample zones, queried over real UDP and TCP sockets.
/// </summary>
public sealed class ServedZoneTests : IAsyncLifetime
{
    private TestServer? _server;

    private TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        string zones = Path.Combine(ConfigurationTests.RepositoryRoot(), "zones");
        var files = Directory.GetFiles(zones, "*.zone").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        _server = await TestServer.StartAsync(zones: files, ipv6: true, settings: new Dictionary<string, string?> { ["UdpSocketsPerAddress"] = "1" });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public static TheoryData<string> Transports => new() { "udp4", "tcp4", "udp6", "tcp6" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Answers_an_A_query(string transport)
    {
        var client = Client(transport);
        if (client is null) return; // no IPv6 loopback on this host

        var reply = await client.ResolveAsync(DomainName.Parse("api.example.com"), RecordType.A, RecordClass.INet, new DnsQueryOptions { IsEDnsEnabled = true });

        Assert.NotNull(reply);
        Assert.Equal(ReturnCode.NoError, reply.ReturnCode);
        Assert.True(reply.IsAuthoritiveAnswer);
        var addresses = reply.AnswerRecords.OfType<ARecord>().Select(a => a.Address.ToString()).Order().ToArray();
        Assert.Equal(["192.0.2.80", "192.0.2.81"], addresses);
    }

    [Fact]
    public async Task Answers_NXDOMAIN_with_the_SOA()
    {
        var reply = await Client("udp4")!.ResolveAsync(DomainName.Parse("absent.example.com"), RecordType.A);

        Assert.NotNull(reply);
        Assert.Equal(ReturnCode.NxDomain, reply.ReturnCode);
        Assert.Single(reply.AuthorityRecords.OfType<SoaRecord>());
    }

    [Fact]
    public async Task Refuses_names_in_no_zone()
    {
        var reply = await Client("udp4")!.ResolveAsync(DomainName.Parse("www.elsewhere.test"), RecordType.A);

        Assert.NotNull(reply);
        Assert.Equal(ReturnCode.Refused, reply.ReturnCode);
    }

    [Fact]
    public async Task Serves_the_sample_reverse_zone()
    {
        var reply = await Client("tcp4")!.ResolveAsync(DomainName.Parse("25.2.0.192.in-addr.arpa"), RecordType.Ptr);

        Assert.NotNull(reply);
        Assert.Equal("mail.example.com.", Assert.Single(reply.AnswerRecords.OfType<PtrRecord>()).PointerDomainName.ToString());
    }

    public static TheoryData<string, byte[]> Dropped => new()
    {
        { "shorter than a header", [0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0x00] },
        { "QR=1", DnsWire.Query(0x2222, "www.example.com.", qr: true) },
    };

    [Theory]
    [MemberData(nameof(Dropped))]
    public void Malformed_UDP_packets_get_no_reply_and_the_server_still_answers(string why, byte[] packet)
    {
        Assert.NotNull(why);
        using var client = DnsSockets.UdpClient(Server.Udp4);

        client.SendTo(packet, Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(client, Server.Udp4, DnsWire.Query(0x3333, "api.example.com."));

        // One socket handles datagrams in order: a reply to the first packet would arrive first.
        Assert.Equal(0x3333, DnsWire.Id(reply));
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(reply));
        Assert.Equal(2, DnsWire.AnswerCount(reply));
    }

    [Fact]
    public void A_query_with_two_questions_gets_FORMERR_and_the_server_still_answers()
    {
        using var client = DnsSockets.UdpClient(Server.Udp4);

        var (formErr, _) = DnsSockets.UdpExchange(client, Server.Udp4, DnsWire.Query(0x4444, "api.example.com.", questionCount: 2));
        var (reply, _) = DnsSockets.UdpExchange(client, Server.Udp4, DnsWire.Query(0x4445, "api.example.com."));

        Assert.Equal(0x4444, DnsWire.Id(formErr));
        Assert.Equal(DnsWire.FormErr, DnsWire.Rcode(formErr));
        Assert.Equal(0x4445, DnsWire.Id(reply));
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(reply));
    }

    [Fact]
    public async Task Over_TCP_a_malformed_query_gets_FORMERR_and_the_connection_closes()
    {
        using var client = await DnsSockets.TcpConnectAsync(Server.Tcp4);

        var formErr = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(0x4646, "api.example.com.", questionCount: 2));

        Assert.Equal(0x4646, DnsWire.Id(formErr));
        Assert.Equal(DnsWire.FormErr, DnsWire.Rcode(formErr));
        Assert.True(await DnsSockets.IsClosedByServerAsync(client));
        using var next = await DnsSockets.TcpConnectAsync(Server.Tcp4);
        Assert.Equal(DnsWire.NoError, DnsWire.Rcode(await DnsSockets.ExchangeFramedAsync(next, DnsWire.Query(1, "api.example.com."))));
    }

    [Fact]
    public async Task Answers_several_pipelined_queries_over_TCP()
    {
        using var client = await DnsSockets.TcpConnectAsync(Server.Tcp4);
        string[] names = ["api.example.com.", "absent.example.com.", "www.elsewhere.test.", "mail.example.com."];
        var batch = new List<byte>();
        for (int i = 0; i < names.Length; i++) batch.AddRange(DnsWire.Framed(DnsWire.Query((ushort)(500 + i), names[i])));

        await client.SendAsync(batch.ToArray());

        var rcodes = (await DnsSockets.ReadFramedRepliesAsync(client, names.Length)).ToDictionary(r => (int)DnsWire.Id(r), r => DnsWire.Rcode(r));
        Assert.Equal(DnsWire.NoError, rcodes[500]);
        Assert.Equal(DnsWire.NxDomain, rcodes[501]);
        Assert.Equal(DnsWire.Refused, rcodes[502]);
        Assert.Equal(DnsWire.NoError, rcodes[503]);
    }

    private DnsClient? Client(string transport)
    {
        IPEndPoint? endPoint = transport switch
        {
            "udp4" => Server.Udp4,
            "tcp4" => Server.Tcp4,
            "udp6" => Server.Udp6,
            "tcp6" => Server.Tcp6,
            _ => throw new ArgumentOutOfRangeException(nameof(transport)),
        };
        if (endPoint is null) return null;
        IClientTransport clientTransport = transport.StartsWith("udp", StringComparison.Ordinal)
            ? new UdpClientTransport(endPoint.Port)
            : new TcpClientTransport(endPoint.Port);
        return new DnsClient([endPoint.Address], [clientTransport], true, 5000);
    }
}
