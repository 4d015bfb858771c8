using System.Net;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Tests.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.RateLimiting;

public sealed class ResponseRateLimiterTests
{
    private static readonly byte[] Www = Wire.Name("www.example.com.");
    private readonly FakeTimeProvider _time = new();
    private int _slip;

    private ResponseRateLimiter Limiter(int rate = 5, int window = 0, int slip = 0, bool logOnly = false,
        IReadOnlyList<RateLimitNetwork>? exempt = null, int? nxdomains = null, int? errors = null, int tableSize = RateLimitOptions.DefaultTableSize) =>
        new(new RateLimitOptions
        {
            ResponsesPerSecond = rate,
            NxDomainsPerSecond = nxdomains,
            ErrorsPerSecond = errors,
            Window = window,
            Slip = slip,
            LogOnly = logOnly,
            Exempt = exempt ?? [],
            TableSize = tableSize,
        }, _time);

    private static (UInt128 Address, bool IsIPv6) Address(string text)
    {
        var context = QueryContext.From(Transport.Udp, IPAddress.Parse(text));
        return (context.ClientAddress, context.IsIPv6);
    }

    private RateLimitAction Decide(ResponseRateLimiter limiter, string client = "192.0.2.1", ResponseClass responseClass = ResponseClass.Answer,
        byte[]? name = null, ushort qtype = 1)
    {
        var (address, isIPv6) = Address(client);
        return limiter.Decide(address, isIPv6, responseClass, qtype, name ?? Www, ref _slip);
    }

    private int Sent(ResponseRateLimiter limiter, int queries, string client = "192.0.2.1", ResponseClass responseClass = ResponseClass.Answer, byte[]? name = null)
    {
        int sent = 0;
        for (int i = 0; i < queries; i++)
        {
            if (Decide(limiter, client, responseClass, name) == RateLimitAction.None) sent++;
        }
        return sent;
    }

    [Fact]
    public void Exactly_the_rate_is_sent_each_second_without_a_window()
    {
        var limiter = Limiter(rate: 5);
        for (int second = 0; second < 4; second++)
        {
            Assert.Equal(5, Sent(limiter, 50));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Within_a_second_the_bucket_does_not_refill()
    {
        var limiter = Limiter(rate: 5);
        Assert.Equal(5, Sent(limiter, 5));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, Sent(limiter, 5));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(5, Sent(limiter, 10));
    }

    [Fact]
    public void A_quiet_key_holds_at_most_one_seconds_worth()
    {
        var limiter = Limiter(rate: 5);
        Assert.Equal(1, Sent(limiter, 1));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Sent(limiter, 50));
    }

    [Fact]
    public void A_flood_runs_into_debt_for_the_window()
    {
        var limiter = Limiter(rate: 5, window: 3);
        Assert.Equal(5, Sent(limiter, 100)); // the balance goes down to -15
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Sent(limiter, 1)); // -10: still in debt (and this one takes it to -11)
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Sent(limiter, 1)); // -1
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, Sent(limiter, 10)); // -2 + 5 = 3
    }

    [Fact]
    public void Quiet_for_the_window_the_key_is_served_again()
    {
        var limiter = Limiter(rate: 5, window: 3);
        Sent(limiter, 100);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(5, Sent(limiter, 10));
    }

    [Theory]
    [InlineData(0, "DDDDDD")]
    [InlineData(1, "SSSSSS")]
    [InlineData(2, "DSDSDS")]
    [InlineData(3, "DDSDDS")]
    public void Every_slip_th_limited_reply_slips(int slip, string expected)
    {
        var limiter = Limiter(rate: 1, slip: slip);
        Assert.Equal(RateLimitAction.None, Decide(limiter));
        var actions = new string([.. Enumerable.Range(0, expected.Length).Select(_ => Decide(limiter) switch
        {
            RateLimitAction.Dropped => 'D',
            RateLimitAction.Slipped => 'S',
            var other => throw new Xunit.Sdk.XunitException($"unexpected {other}"),
        })]);
        Assert.Equal(expected, actions);
    }

    [Fact]
    public void Classes_have_their_own_buckets_and_rates()
    {
        var limiter = Limiter(rate: 5, nxdomains: 2, errors: 3);
        Assert.Equal(5, Sent(limiter, 20, responseClass: ResponseClass.Answer));
        Assert.Equal(2, Sent(limiter, 20, responseClass: ResponseClass.NxDomain));
        Assert.Equal(3, Sent(limiter, 20, responseClass: ResponseClass.Error));
        Assert.Equal(5, Sent(limiter, 20, responseClass: ResponseClass.NoData));
        Assert.Equal(5, Sent(limiter, 20, responseClass: ResponseClass.Referral));
    }

    [Fact]
    public void A_rate_of_zero_leaves_its_class_unlimited()
    {
        var limiter = Limiter(rate: 5, errors: 0);
        Assert.Equal(100, Sent(limiter, 100, responseClass: ResponseClass.Error));
        Assert.Equal(5, Sent(limiter, 100, responseClass: ResponseClass.Answer));
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.254", true)]
    [InlineData("192.0.2.1", "192.0.3.1", false)]
    [InlineData("2001:db8:0:1::1", "2001:db8:0:ff:1::9", true)]
    [InlineData("2001:db8:0:1::1", "2001:db8:0:100::1", false)]
    [InlineData("::ffff:192.0.2.1", "192.0.2.7", true)]
    public void Clients_of_one_netblock_share_a_bucket(string first, string second, bool shared)
    {
        var limiter = Limiter(rate: 5);
        Assert.Equal(5, Sent(limiter, 20, client: first));
        Assert.Equal(shared ? 0 : 5, Sent(limiter, 20, client: second));
    }

    [Fact]
    public void Prefix_lengths_are_configurable()
    {
        var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 5, Window = 0, IPv4PrefixLength = 32 }, _time);
        Assert.Equal(5, Sent(limiter, 20, client: "192.0.2.1"));
        Assert.Equal(5, Sent(limiter, 20, client: "192.0.2.2"));
    }

    [Fact]
    public void Answers_are_accounted_per_name_and_type_without_regard_to_case()
    {
        var limiter = Limiter(rate: 5);
        Assert.Equal(5, Sent(limiter, 20, name: Wire.Name("www.example.com.")));
        Assert.Equal(0, Sent(limiter, 20, name: Wire.Name("WWW.Example.COM.")));
        Assert.Equal(5, Sent(limiter, 20, name: Wire.Name("mail.example.com.")));
        var (address, isIPv6) = Address("192.0.2.1");
        Assert.Equal(RateLimitAction.None, limiter.Decide(address, isIPv6, ResponseClass.Answer, 28, Www, ref _slip));
    }

    [Fact]
    public void Names_that_differ_in_one_character_have_their_own_accounts()
    {
        // A hash whose multiplications carry differences only upwards put n1000..n1009 in one bucket.
        var limiter = Limiter(rate: 1);
        for (int i = 0; i < 1000; i++)
        {
            byte[] name = Wire.Name($"n{1000 + i}.example.");
            Assert.Equal(RateLimitAction.None, Decide(limiter, name: name));
            Assert.NotEqual(RateLimitAction.None, Decide(limiter, name: name));
        }
    }

    [Fact]
    public void Errors_are_accounted_per_netblock_whatever_the_name()
    {
        var limiter = Limiter(rate: 5);
        Assert.Equal(5, Sent(limiter, 20, responseClass: ResponseClass.Error, name: Wire.Name("a.example.")));
        Assert.Equal(0, Sent(limiter, 20, responseClass: ResponseClass.Error, name: Wire.Name("b.example.")));
    }

    [Fact]
    public void Exempt_clients_are_never_limited()
    {
        var (address, _) = Address("192.0.2.0");
        var limiter = Limiter(rate: 1, exempt: [new RateLimitNetwork(address, false, 25)]);
        Assert.Equal(100, Sent(limiter, 100, client: "192.0.2.100"));
        Assert.Equal(1, Sent(limiter, 100, client: "192.0.2.200"));
    }

    [Fact]
    public void Log_only_sends_everything_and_says_what_would_have_been_limited()
    {
        var limiter = Limiter(rate: 2, slip: 2, logOnly: true);
        var actions = Enumerable.Range(0, 10).Select(_ => Decide(limiter)).ToList();
        Assert.Equal(2, actions.Count(a => a == RateLimitAction.None));
        Assert.Equal(8, actions.Count(a => a == RateLimitAction.LogOnly));
    }

    [Fact]
    public void The_table_size_is_rounded_up_to_a_power_of_two()
    {
        Assert.Equal(128, Limiter(tableSize: 100).TableSize);
        Assert.Equal(RateLimitOptions.MinTableSize, Limiter(tableSize: 1).TableSize);
    }

    [Fact]
    public void Many_more_keys_than_buckets_never_throw_and_each_new_key_is_served_first()
    {
        var limiter = Limiter(rate: 3, tableSize: RateLimitOptions.MinTableSize);
        for (int i = 0; i < 20_000; i++)
        {
            // A fresh key finds an empty bucket or takes another key's over: it starts full.
            Assert.Equal(RateLimitAction.None, Decide(limiter, name: Wire.Name($"n{i}.example.")));
        }
    }

    [Fact]
    public void Limited_netblocks_are_reported_once_each_with_counts_then_forgotten()
    {
        var limiter = Limiter(rate: 1, slip: 2);
        Sent(limiter, 5, client: "192.0.2.9");     // 1 sent, 4 limited: D S D S
        Sent(limiter, 3, client: "2001:db8::1");   // 1 sent, 2 limited, the slip counter goes on: D S
        var lines = new List<string>();
        long overflow = limiter.Limited.Drain((netblock, v6, dropped, slipped, logOnly) => lines.Add($"{netblock:X}/{v6} {dropped} {slipped} {logOnly}"));
        lines.Sort(StringComparer.Ordinal);
        Assert.Equal(0, overflow);
        Assert.Equal(["20010DB8000000000000000000000000/True 1 1 0", "C0000200/False 2 2 0"], lines);

        lines.Clear();
        limiter.Limited.Drain((netblock, v6, dropped, slipped, logOnly) => lines.Add("again"));
        Assert.Empty(lines);
    }

    [Fact]
    public void The_report_table_counts_what_it_cannot_hold()
    {
        var clients = new LimitedClients();
        for (int i = 0; i < LimitedClients.Capacity * 2; i++) clients.Add((UInt128)(uint)(i << 8), false, RateLimitAction.Dropped);
        int reported = 0;
        long overflow = clients.Drain((_, _, dropped, _, _) => reported += (int)dropped);
        Assert.True(overflow > 0);
        Assert.Equal(LimitedClients.Capacity * 2, reported + overflow);
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        var limiter = Limiter(rate: 5, slip: 2, exempt: [new RateLimitNetwork(0x0A000000, false, 8)]);
        var (address, isIPv6) = Address("192.0.2.1");
        for (int i = 0; i < 100; i++) limiter.Decide(address, isIPv6, ResponseClass.Answer, 1, Www, ref _slip);
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) limiter.Decide(address, isIPv6, ResponseClass.Answer, 1, Www, ref _slip);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Concurrent_deciders_never_send_more_than_the_rate()
    {
        var limiter = Limiter(rate: 50);
        int sent = 0;
        Parallel.For(0, 4, _ =>
        {
            int slip = 0;
            var (address, isIPv6) = Address("192.0.2.1");
            for (int i = 0; i < 10_000; i++)
            {
                if (limiter.Decide(address, isIPv6, ResponseClass.Answer, 1, Www, ref slip) == RateLimitAction.None) Interlocked.Increment(ref sent);
            }
        });
        Assert.Equal(50, sent);
    }
}
