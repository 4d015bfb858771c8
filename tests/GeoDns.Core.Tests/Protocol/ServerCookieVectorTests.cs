using System.Net;
using GeoDns.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// Server cookies against the test vectors of RFC 9018 Appendix A: the COOKIE data each reply
/// carries, byte for byte, for the client cookie, client address, secret(s) and time given there.
/// </summary>
public sealed class ServerCookieVectorTests
{
    private const string Secret = "e5e973e5a6b2a43f48e7dc849e37bfcf";

    public static TheoryData<string, string?, string, string, uint, string, string> Vectors => new()
    {
        // name, previous secret, current secret, client IP, time, query COOKIE data, reply COOKIE data
        { "A.1 learning a new server cookie", null, Secret, "198.51.100.100", 1559731985,
            "2464c4abcf10c957", "2464c4abcf10c957010000005cf79f111f8130c3eee29480" },
        { "A.2 the same client renewing it (40 minutes on)", null, Secret, "198.51.100.100", 1559734385,
            "2464c4abcf10c957010000005cf79f111f8130c3eee29480", "2464c4abcf10c957010000005cf7a871d4a564a1442aca77" },
        { "A.3 another client renewing its cookie", null, Secret, "203.0.113.203", 1559734700,
            "fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5", "fc93fc62807ddb86010000005cf7a9acf73a7810aca2381e" },
        { "A.4 an IPv6 client after the secret rolled over", "dd3bdf9344b678b185a6f5cb60fca715", "445536bcd2513298075a5d379663c962",
            "2001:db8:220:1:59de:d0f4:8769:82b8", 1559741961,
            "22681ab97d52c298010000005cf7c57926556bd0934c72f8", "22681ab97d52c298010000005cf7c609a6bb79d16625507a" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_reply_carries_the_RFC_9018_cookie(string name, string? previous, string current, string client, uint now,
        string query, string reply)
    {
        var cookies = new ServerCookies(
            new CookieOptions { Secret = Convert.FromHexString(current), PreviousSecret = previous is null ? null : Convert.FromHexString(previous) },
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));
        var written = new byte[ServerCookies.ReplyLength];

        cookies.Answer(Convert.FromHexString(query), QueryContext.From(Transport.Udp, IPAddress.Parse(client)), written);

        Assert.True(reply == Convert.ToHexStringLower(written), name);
    }

    [Fact]
    public void A_4_query_cookie_is_valid_only_with_the_previous_secret()
    {
        var context = QueryContext.From(Transport.Udp, IPAddress.Parse("2001:db8:220:1:59de:d0f4:8769:82b8"));
        byte[] query = Convert.FromHexString("22681ab97d52c298010000005cf7c57926556bd0934c72f8");
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1559741961));
        var written = new byte[ServerCookies.ReplyLength];

        var withPrevious = new ServerCookies(new CookieOptions
        {
            Secret = Convert.FromHexString("445536bcd2513298075a5d379663c962"),
            PreviousSecret = Convert.FromHexString("dd3bdf9344b678b185a6f5cb60fca715"),
        }, time);
        var newOnly = new ServerCookies(new CookieOptions { Secret = Convert.FromHexString("445536bcd2513298075a5d379663c962") }, time);

        Assert.Equal(CookieState.Valid, withPrevious.Answer(query, context, written));
        Assert.Equal(CookieState.Invalid, newOnly.Answer(query, context, written));
    }

    [Fact]
    public void A_1_through_the_processor_gives_the_vector_in_the_reply_OPT()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1559731985));
        var processor = CookieHarness.Processor(new CookieOptions { Secret = Convert.FromHexString(Secret) }, time);
        byte[] query = CookieHarness.Query(Convert.FromHexString("2464c4abcf10c957"));
        var response = new byte[1232];
        var scratch = new QueryScratch();

        int length = processor.Process(query, response, QueryContext.From(Transport.Udp, IPAddress.Parse("198.51.100.100")), scratch);

        var reader = new ResponseReader(response.AsSpan(0, length));
        Assert.Equal("2464c4abcf10c957010000005cf79f111f8130c3eee29480", Convert.ToHexStringLower(CookieHarness.CookieOf(reader)!));
        Assert.Equal(CookieState.ClientOnly, scratch.Outcome.Cookie);
    }
}
