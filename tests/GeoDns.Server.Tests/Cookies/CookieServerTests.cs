using System.Buffers.Binary;
using GeoDns.Server.Hosting;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Cookies;

/// <summary>
/// DNS cookies on the real server over loopback UDP and TCP (RFC 7873 §5.2, RFC 9018): a client
/// cookie gets our server cookie back, echoing it is valid, a forged one gets a new one (or
/// BADCOOKIE when <c>Cookies:RequireValid</c>), TCP never gets BADCOOKIE; the metrics count each.
/// </summary>
public sealed class CookieServerTests
{
    private static readonly byte[] Client = Convert.FromHexString("2464c4abcf10c957");

    private static byte[] Exchange(TestServer server, byte[] query)
    {
        using var udp = DnsSockets.UdpClient(server.Udp4);
        return DnsSockets.UdpExchange(udp, server.Udp4, query).Reply;
    }

    [Fact]
    public async Task A_client_cookie_gets_our_server_cookie_and_echoing_it_back_is_valid()
    {
        await using var server = await CookieServer.StartAsync();
        var before = await CookieServer.ScrapeAsync(server);

        byte[] first = Exchange(server, CookieWire.Query(1, CookieServer.Name, Client));
        byte[] cookie = CookieWire.Cookie(first)!;
        byte[] second = Exchange(server, CookieWire.Query(2, CookieServer.Name, cookie));

        Assert.Equal(0, CookieWire.Rcode(first));
        Assert.Equal(1, DnsWire.AnswerCount(first));
        Assert.Equal(24, cookie.Length);
        Assert.Equal(Client, cookie[..8]);
        Assert.Equal(1, cookie[8]); // version 1 (RFC 9018)
        Assert.Equal([0, 0, 0], cookie[9..12]);
        Assert.Equal(0, CookieWire.Rcode(second));
        Assert.Equal(1, DnsWire.AnswerCount(second));
        // Fresh and valid: handed back as it came.
        Assert.Equal(cookie, CookieWire.Cookie(second));

        var after = await CookieServer.ScrapeAsync(server);
        double Delta(string cookieLabel) => after.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", cookieLabel))
            - before.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", cookieLabel));
        Assert.Equal(1, Delta("client_only"));
        Assert.Equal(1, Delta("valid"));
        Assert.Equal(0, Delta("invalid"));
        Assert.Equal("counter", after.TypeOf("geodns_cookies_total"));
    }

    [Fact]
    public async Task A_forged_server_cookie_is_answered_with_a_new_one()
    {
        await using var server = await CookieServer.StartAsync();
        byte[] forged = CookieWire.Cookie(Exchange(server, CookieWire.Query(1, CookieServer.Name, Client)))!;
        forged[^1] ^= 0x55;
        var before = await CookieServer.ScrapeAsync(server);

        byte[] reply = Exchange(server, CookieWire.Query(2, CookieServer.Name, forged));

        Assert.Equal(0, CookieWire.Rcode(reply));
        Assert.Equal(1, DnsWire.AnswerCount(reply));
        byte[] fresh = CookieWire.Cookie(reply)!;
        Assert.NotEqual(forged, fresh);
        Assert.Equal(Client, fresh[..8]);
        Assert.Equal(fresh, CookieWire.Cookie(Exchange(server, CookieWire.Query(3, CookieServer.Name, fresh))));
        var after = await CookieServer.ScrapeAsync(server);
        Assert.Equal(1, after.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "invalid"))
            - before.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "invalid")));
    }

    [Fact]
    public async Task A_COOKIE_option_of_a_bad_length_is_FORMERR()
    {
        await using var server = await CookieServer.StartAsync();

        byte[] reply = Exchange(server, CookieWire.Query(1, CookieServer.Name, new byte[12]));

        Assert.Equal(1, CookieWire.Rcode(reply));
        Assert.Equal(0, DnsWire.AnswerCount(reply));
    }

    [Fact]
    public async Task Required_UDP_without_a_valid_cookie_gets_BADCOOKIE_and_a_cookie_that_then_works()
    {
        await using var server = await CookieServer.StartAsync(requireValid: true);
        var before = await CookieServer.ScrapeAsync(server);

        byte[] refused = Exchange(server, CookieWire.Query(1, CookieServer.Name, Client));
        byte[] cookie = CookieWire.Cookie(refused)!;
        byte[] forged = [.. cookie[..16], .. new byte[8]];
        byte[] refusedForged = Exchange(server, CookieWire.Query(2, CookieServer.Name, forged));
        byte[] answered = Exchange(server, CookieWire.Query(3, CookieServer.Name, cookie));

        Assert.Equal(CookieWire.BadCookie, CookieWire.Rcode(refused));
        Assert.Equal(0, DnsWire.AnswerCount(refused));
        Assert.Equal(Client, cookie[..8]);
        Assert.Equal(CookieWire.BadCookie, CookieWire.Rcode(refusedForged));
        Assert.Equal(0, CookieWire.Rcode(answered));
        Assert.Equal(1, DnsWire.AnswerCount(answered));

        var after = await CookieServer.ScrapeAsync(server);
        Assert.Equal(2, after.Value("geodns_cookie_badcookie_total", ("protocol", "udp")) - before.Value("geodns_cookie_badcookie_total", ("protocol", "udp")));
        Assert.Equal(2, after.Value("geodns_queries_total", ("protocol", "udp"), ("qtype", "A"), ("rcode", "BADCOOKIE"))
            - before.Value("geodns_queries_total", ("protocol", "udp"), ("qtype", "A"), ("rcode", "BADCOOKIE")));
    }

    [Fact]
    public async Task Required_TCP_is_never_answered_BADCOOKIE()
    {
        await using var server = await CookieServer.StartAsync(requireValid: true);
        using var tcp = await DnsSockets.TcpConnectAsync(server.Tcp4);

        byte[] clientOnly = await DnsSockets.ExchangeFramedAsync(tcp, CookieWire.Query(1, CookieServer.Name, Client));
        byte[] forged = await DnsSockets.ExchangeFramedAsync(tcp, CookieWire.Query(2, CookieServer.Name, [.. Client, .. new byte[16]]));

        foreach (byte[] reply in new[] { clientOnly, forged })
        {
            Assert.Equal(0, CookieWire.Rcode(reply));
            Assert.Equal(1, DnsWire.AnswerCount(reply));
            Assert.Equal(Client, CookieWire.Cookie(reply)![..8]);
        }
    }

    [Fact]
    public async Task Two_servers_sharing_the_secret_accept_each_others_cookies()
    {
        await using var one = await CookieServer.StartAsync(requireValid: true);
        await using var two = await CookieServer.StartAsync(requireValid: true);

        byte[] cookie = CookieWire.Cookie(Exchange(one, CookieWire.Query(1, CookieServer.Name, Client)))!;
        byte[] reply = Exchange(two, CookieWire.Query(2, CookieServer.Name, cookie));

        Assert.Equal(0, CookieWire.Rcode(reply));
        Assert.Equal(1, DnsWire.AnswerCount(reply));
    }

    [Fact]
    public async Task Without_a_configured_secret_each_server_makes_its_own()
    {
        await using var one = await CookieServer.StartAsync(requireValid: true, secret: null);
        await using var two = await CookieServer.StartAsync(requireValid: true, secret: null);

        byte[] cookie = CookieWire.Cookie(Exchange(one, CookieWire.Query(1, CookieServer.Name, Client)))!;
        byte[] atOne = Exchange(one, CookieWire.Query(2, CookieServer.Name, cookie));
        byte[] atTwo = Exchange(two, CookieWire.Query(3, CookieServer.Name, cookie));

        Assert.Equal(0, CookieWire.Rcode(atOne));
        Assert.Equal(CookieWire.BadCookie, CookieWire.Rcode(atTwo));
    }

    [Fact]
    public async Task The_timestamp_is_the_server_clock()
    {
        await using var server = await CookieServer.StartAsync();
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        byte[] cookie = CookieWire.Cookie(Exchange(server, CookieWire.Query(1, CookieServer.Name, Client)))!;

        long stamped = BinaryPrimitives.ReadUInt32BigEndian(cookie.AsSpan(12));
        Assert.InRange(stamped, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_generated_secret_is_logged_as_generated_and_no_secret_is_ever_logged(bool configured)
    {
        var log = new LogCapture<DnsServerService>();
        await using (var server = await CookieServer.StartAsync(secret: configured ? CookieServer.Secret : null,
            configureServices: services => services.AddSingleton<ILogger<DnsServerService>>(log)))
        {
            Exchange(server, CookieWire.Query(1, CookieServer.Name, Client));
        }

        Assert.Equal(configured ? 0 : 1, log.Messages.Count(m => m.Contains("random secret was generated", StringComparison.Ordinal)));
        Assert.NotEmpty(log.Messages);
        Assert.DoesNotContain(log.Messages, m => m.Contains(CookieServer.Secret, StringComparison.OrdinalIgnoreCase));
    }
}
