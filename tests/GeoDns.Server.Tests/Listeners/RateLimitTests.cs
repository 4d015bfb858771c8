using System.Diagnostics;
using System.Net;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Telemetry;
using GeoDns.Server.Listeners;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Server.Tests.Listeners;

/// <summary>Response rate limiting on a real server over real UDP and TCP on loopback.</summary>
public sealed class RateLimitTests
{
    private const int Rate = 10;

    private static readonly Dictionary<string, string> Zones = new()
    {
        ["rrl.test.zone"] = """
            $ORIGIN rrl.test.
            $TTL 300
            @    IN SOA ns1 hostmaster 1 3600 600 86400 300
                 IN NS  ns1
            ns1  IN A   192.0.2.53
            www  IN A   192.0.2.80
            """,
    };

    private static Task<TestServer> StartAsync() => TestServer.StartAsync(zones: Zones, settings: new Dictionary<string, string?>
    {
        ["RateLimit:Enabled"] = "true",
        ["RateLimit:ResponsesPerSecond"] = Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimit:Slip"] = "2",
    });

    [Fact]
    public async Task A_flood_from_one_netblock_is_cut_to_the_rate_while_another_netblock_and_tcp_get_every_answer()
    {
        await using var server = await StartAsync();
        const int queries = 2000;
        using var flooder = UdpFlood.From(IPAddress.Loopback);

        var clock = Stopwatch.StartNew();
        var (full, slipped, other) = await UdpFlood.RunAsync(flooder, server.Udp4, "www.rrl.test.", queries);
        double elapsed = clock.Elapsed.TotalSeconds; // every reply was decided within this time

        // The bucket starts with one second's worth and gains the rate at each whole second.
        Assert.InRange(full, 1, (int)(Rate * (Math.Ceiling(elapsed) + 1)));
        Assert.True(slipped > 0, "no slipped reply arrived");
        Assert.Equal(0, other);

        var counts = server.Host.Services.GetRequiredService<QueryRecorder>().Counters.Snapshot();
        long countedSlips = counts.RateLimited(RateLimitAction.Slipped, ResponseClass.Answer);
        long countedDrops = counts.RateLimited(RateLimitAction.Dropped, ResponseClass.Answer);
        Assert.InRange(slipped, 1, (int)countedSlips);
        Assert.True(countedDrops > 0);
        // Slip 2: every second limited reply slips.
        Assert.InRange(countedSlips, countedDrops - 2, countedDrops + 2); // each of the 2 workers counts its own
        Assert.Equal(0, counts.Dropped(0));

        // Another netblock (127.0.1.0/24) is not limited by that flood: every one of its queries is answered.
        using (var neighbour = UdpFlood.From(IPAddress.Parse("127.0.1.1")))
        {
            neighbour.ReceiveTimeout = (int)DnsSockets.Patience.TotalMilliseconds;
            for (int i = 0; i < Rate; i++)
            {
                var (reply, _) = DnsSockets.UdpExchange(neighbour, server.Udp4, DnsWire.Query((ushort)i, "www.rrl.test."));
                Assert.Equal(1, DnsWire.AnswerCount(reply));
                Assert.Equal(0, reply[2] & 0x02);
            }
        }

        // TCP from the flooding address is never limited.
        using var tcp = await DnsSockets.TcpConnectAsync(server.Tcp4, IPAddress.Loopback);
        for (int i = 0; i < Rate * 2; i++)
        {
            byte[] answer = await DnsSockets.ExchangeFramedAsync(tcp, DnsWire.Query((ushort)i, "www.rrl.test."));
            Assert.Equal(1, DnsWire.AnswerCount(answer));
            Assert.Equal(0, answer[2] & 0x02);
        }
    }

    [Fact]
    public void The_reporter_logs_one_line_per_limited_netblock_with_its_counts()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Window = 0, Slip = 2 }, new FakeTimeProvider());
        int slip = 0;
        byte[] name = DnsWire.EncodeName("www.rrl.test.");
        for (int i = 0; i < 5; i++) limiter.Decide(0xC0000209, false, ResponseClass.Answer, 1, name, ref slip); // 192.0.2.9
        for (int i = 0; i < 3; i++) limiter.Decide(UInt128.Parse("42540766411282592856903984951653826561"), true, ResponseClass.Answer, 1, name, ref slip); // 2001:db8::1
        var log = new LogCapture<RateLimitReporter>();
        var reporter = new RateLimitReporter(() => limiter, new FakeTimeProvider(), log);

        reporter.Report();
        reporter.Report();

        Assert.Equal(
        [
            "Rate limiting replies to 192.0.2.0/24: 2 dropped, 2 slipped (sent truncated), 0 would have been limited (log-only) in the last 10 s",
            "Rate limiting replies to 2001:db8::/56: 1 dropped, 1 slipped (sent truncated), 0 would have been limited (log-only) in the last 10 s",
        ], log.Messages.Order(StringComparer.Ordinal));
        Assert.All(log.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    [Fact]
    public void The_reporter_follows_the_limiter_in_service_and_still_logs_what_a_replaced_one_counted()
    {
        var time = new FakeTimeProvider();
        using var first = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Window = 0, Slip = 0 }, time);
        using var second = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Window = 0, Slip = 0, IPv4PrefixLength = 16 }, time);
        ResponseRateLimiter? current = first;
        int slip = 0;
        byte[] name = DnsWire.EncodeName("www.rrl.test.");
        var log = new LogCapture<RateLimitReporter>();
        var reporter = new RateLimitReporter(() => current, time, log);
        reporter.Report();

        for (int i = 0; i < 3; i++) first.Decide(0xC0000209, false, ResponseClass.Answer, 1, name, ref slip); // 192.0.2.9
        current = second;
        for (int i = 0; i < 4; i++) second.Decide(0xC6336401, false, ResponseClass.Answer, 1, name, ref slip); // 198.51.100.1
        reporter.Report();
        current = null;
        reporter.Report();

        Assert.Equal(
        [
            "Rate limiting replies to 192.0.2.0/24: 2 dropped, 0 slipped (sent truncated), 0 would have been limited (log-only) in the last 10 s",
            "Rate limiting replies to 198.51.0.0/16: 3 dropped, 0 slipped (sent truncated), 0 would have been limited (log-only) in the last 10 s",
        ], log.Messages.Order(StringComparer.Ordinal));
    }
}
