using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// <see cref="QueryProcessor.Reconfigure"/>: a live reload's cookie settings and rate limiter take
/// effect for the next query, and swapping them while workers answer never fails a query.
/// </summary>
public sealed class ProcessorReconfigureTests
{
    private static readonly byte[] SecretA = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] SecretB = Convert.FromHexString("f0e0d0c0b0a090807060504030201000");
    private static readonly byte[] Client = Convert.FromHexString("0102030405060708");
    private static readonly QueryContext Udp = QueryContext.From(Transport.Udp, IPAddress.Parse("192.0.2.53"));

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly byte[] _response = new byte[65535];
    private readonly QueryScratch _scratch = new();

    private int Process(QueryProcessor processor, byte[] query)
    {
        int length = processor.Process(query, _response, Udp, _scratch);
        _scratch.Release();
        return length;
    }

    private ResponseReader Ask(QueryProcessor processor, byte[] query)
    {
        int length = Process(processor, query);
        Assert.True(length > 0, "no reply");
        return new ResponseReader(_response.AsSpan(0, length));
    }

    private byte[] Learn(QueryProcessor processor) => CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(Client)))!;

    [Fact]
    public void A_cookie_of_the_old_secret_stays_valid_while_it_is_the_previous_one_and_not_after()
    {
        var processor = CookieHarness.Processor(new CookieOptions { Secret = SecretA, RequireValid = true }, _time);
        byte[] underA = Learn(processor);

        processor.Reconfigure(new CookieOptions { Secret = SecretB, PreviousSecret = SecretA, RequireValid = true }, null);
        var rotated = Ask(processor, CookieHarness.Query(underA));
        byte[] underB = CookieHarness.CookieOf(rotated)!;

        Assert.Equal(RCode.NoError, rotated.Rcode);
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
        // Valid, but made with the previous secret: replaced by one of the new secret.
        Assert.NotEqual(underA, underB);

        processor.Reconfigure(new CookieOptions { Secret = SecretB, RequireValid = true }, null);
        var dropped = Ask(processor, CookieHarness.Query(underA));
        Assert.Equal(RCode.BadCookie, dropped.Rcode);
        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
        Assert.Equal(RCode.NoError, Ask(processor, CookieHarness.Query(underB)).Rcode);
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Without_a_secret_the_processors_random_one_survives_a_reconfigure()
    {
        var processor = CookieHarness.Processor(new CookieOptions { RequireValid = false }, _time);
        byte[] cookie = Learn(processor);

        processor.Reconfigure(new CookieOptions { RequireValid = true }, null);

        Assert.Equal(RCode.NoError, Ask(processor, CookieHarness.Query(cookie)).Rcode);
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Cookies_turned_off_are_ignored_and_turned_on_again_answered()
    {
        var processor = CookieHarness.Processor(new CookieOptions { Secret = SecretA }, _time);

        processor.Reconfigure(new CookieOptions { Enabled = false }, null);
        Assert.Null(CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(Client))));

        processor.Reconfigure(new CookieOptions { Secret = SecretA }, null);
        Assert.Equal(Client, CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(Client)))![..8]);
    }

    [Fact]
    public void A_secret_of_the_wrong_length_throws_and_changes_nothing()
    {
        var processor = CookieHarness.Processor(new CookieOptions { Secret = SecretA, RequireValid = true }, _time);
        byte[] cookie = Learn(processor);

        Assert.Throws<ArgumentException>(() => processor.Reconfigure(new CookieOptions { Secret = new byte[5] }, null));

        Assert.Equal(RCode.NoError, Ask(processor, CookieHarness.Query(cookie)).Rcode);
    }

    [Fact]
    public void A_limiter_put_in_limits_and_taking_it_out_stops_limiting()
    {
        var processor = CookieHarness.Processor(new CookieOptions { Secret = SecretA }, _time);
        byte[] query = new QuerySpec { Name = "www.example.com.", Type = RRType.A }.Build();
        using var limiter = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 1, Window = 0, Slip = 0 }, _time);
        Assert.Null(processor.RateLimiter);

        processor.Reconfigure(new CookieOptions { Secret = SecretA }, limiter);
        Assert.Same(limiter, processor.RateLimiter);
        int limited = 0;
        for (int i = 0; i < 10; i++)
        {
            if (Process(processor, query) == 0) limited++;
        }
        Assert.True(limited > 0, "nothing was limited");

        processor.Reconfigure(new CookieOptions { Secret = SecretA }, null);
        Assert.Null(processor.RateLimiter);
        for (int i = 0; i < 10; i++) Assert.True(Process(processor, query) > 0);
    }

    [Fact]
    public void Reconfiguring_while_workers_answer_never_fails_a_query()
    {
        var processor = CookieHarness.Processor(new CookieOptions { Secret = SecretA }, _time);
        using var limiterOne = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 5, Slip = 1 }, _time);
        using var limiterTwo = new ResponseRateLimiter(new RateLimitOptions { ResponsesPerSecond = 50, LogOnly = true }, _time);
        var settings = new (CookieOptions Cookies, ResponseRateLimiter? Limiter)[]
        {
            (new CookieOptions { Secret = SecretB, PreviousSecret = SecretA }, limiterOne),
            (new CookieOptions { Enabled = false }, null),
            (new CookieOptions { Secret = SecretA, RequireValid = true }, limiterTwo),
            (new CookieOptions(), limiterOne),
            (new CookieOptions { Secret = SecretB }, null),
        };
        byte[] cookie = Learn(processor);
        byte[][] queries =
        [
            CookieHarness.Query(Client),
            CookieHarness.Query(cookie),
            CookieHarness.Query(new byte[12]),
            new QuerySpec { Name = "www.example.com.", Type = RRType.A }.Build(),
        ];
        using var stop = new CancellationTokenSource();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        long answered = 0;
        var workers = Enumerable.Range(0, 3).Select(w => new Thread(() =>
        {
            var scratch = new QueryScratch();
            var response = new byte[65535];
            try
            {
                for (int i = 0; !stop.IsCancellationRequested || i < 1000; i++)
                {
                    processor.Process(queries[(i + w) % queries.Length], response, Udp, scratch);
                    scratch.Release();
                    Interlocked.Increment(ref answered);
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToList();
        workers.ForEach(t => t.Start());

        for (int round = 0; round < 2000; round++)
        {
            var (cookies, limiter) = settings[round % settings.Length];
            processor.Reconfigure(cookies, limiter);
        }
        stop.Cancel();
        workers.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.Equal(0, processor.FailureCount);
        Assert.True(Interlocked.Read(ref answered) >= 3000);
    }
}
