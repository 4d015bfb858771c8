using System.Net;
using System.Text.Json.Nodes;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Telemetry;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Reload;

/// <summary>
/// The <c>Cookies</c> and <c>RateLimit</c> sections apply on a live reload (config file rewritten,
/// <c>POST /v1/reload</c>), on the real server over loopback UDP: a cookie secret rotates without a
/// restart, and rate limiting is turned on, switched to log-only and off.
/// </summary>
public sealed class CookieAndRateLimitReloadTests
{
    private const string SecretA = "000102030405060708090a0b0c0d0e0f";
    private const string SecretB = "f0e0d0c0b0a090807060504030201000";
    private const string Name = "www.geo.test.";
    private static readonly byte[] Client = Convert.FromHexString("2464c4abcf10c957");

    private static async Task<JsonObject> ReloadWithAsync(ReloadHarness harness, string section, JsonNode? value)
    {
        harness.EditConfig(root => root[section] = value);
        var (status, body) = await harness.PostReloadAsync();
        Assert.True(status == 200, $"reload answered {status}: {body.ToJsonString()}");
        return body;
    }

    private static JsonObject Cookies(string secret, string? previous = null)
    {
        var cookies = new JsonObject { ["Secret"] = secret, ["RequireValid"] = true };
        if (previous is not null) cookies["PreviousSecret"] = previous;
        return cookies;
    }

    private static byte[] Exchange(ReloadHarness harness, byte[] query)
    {
        using var udp = DnsSockets.UdpClient(harness.Server.Udp4);
        return DnsSockets.UdpExchange(udp, harness.Server.Udp4, query).Reply;
    }

    private static QueryProcessor Processor(ReloadHarness harness) => harness.Server.Host.Services.GetRequiredService<QueryProcessor>();

    [Fact]
    public async Task A_cookie_of_the_old_secret_stays_valid_after_a_rotation_and_not_once_the_old_secret_is_dropped()
    {
        await using var harness = await ReloadHarness.StartAsync();
        await ReloadWithAsync(harness, "Cookies", Cookies(SecretA));
        byte[] underA = CookieWire.Cookie(Exchange(harness, CookieWire.Query(1, Name, Client)))!;
        Assert.Equal(0, CookieWire.Rcode(Exchange(harness, CookieWire.Query(2, Name, underA))));

        // Rotation: B new, A previous. A's cookie is valid (answered, RequireValid) and renewed under B.
        var rotation = await ReloadWithAsync(harness, "Cookies", Cookies(SecretB, previous: SecretA));
        byte[] rotated = Exchange(harness, CookieWire.Query(3, Name, underA));
        byte[] underB = CookieWire.Cookie(rotated)!;

        Assert.Equal(0, CookieWire.Rcode(rotated));
        Assert.Equal(1, DnsWire.AnswerCount(rotated));
        Assert.Equal(Client, underB[..8]);
        Assert.NotEqual(underA, underB);
        Assert.Contains(rotation["config"]!["messages"]!.AsArray(), m => ((string?)m)!.StartsWith("Cookies: on, new Secret, new PreviousSecret accepted", StringComparison.Ordinal));

        // A dropped: its cookie is no longer valid (BADCOOKIE), B's still is.
        await ReloadWithAsync(harness, "Cookies", Cookies(SecretB));
        byte[] stale = Exchange(harness, CookieWire.Query(4, Name, underA));
        byte[] fresh = Exchange(harness, CookieWire.Query(5, Name, underB));

        Assert.Equal(CookieWire.BadCookie, CookieWire.Rcode(stale));
        Assert.Equal(0, DnsWire.AnswerCount(stale));
        Assert.Equal(0, CookieWire.Rcode(fresh));
        Assert.Equal(1, DnsWire.AnswerCount(fresh));

        // Each change logged at Information, no secret in any line, and no "needs a restart".
        Assert.Equal(3, harness.Log.Entries.Count(e => e.Level == LogLevel.Information && e.Message.StartsWith("DNS cookies reconfigured (api): on, ", StringComparison.Ordinal)));
        Assert.DoesNotContain(harness.Log.Messages, m => m.Contains(SecretA, StringComparison.OrdinalIgnoreCase) || m.Contains(SecretB, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(harness.Log.Messages, m => m.Contains("restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_configuration_keeps_the_cookie_settings()
    {
        await using var harness = await ReloadHarness.StartAsync();
        await ReloadWithAsync(harness, "Cookies", Cookies(SecretA));
        byte[] underA = CookieWire.Cookie(Exchange(harness, CookieWire.Query(1, Name, Client)))!;

        harness.EditConfig(root =>
        {
            root["Cookies"] = Cookies(SecretB);
            root["Zones"] = new JsonObject { ["QuietPeriod"] = "-1s" };
        });
        var (status, _) = await harness.PostReloadAsync();

        Assert.Equal(422, status);
        Assert.Equal(0, CookieWire.Rcode(Exchange(harness, CookieWire.Query(2, Name, underA))));
    }

    /// <summary>Floods <see cref="Name"/> from 127.0.0.1 and counts the replies: full answers, slipped (TC, no records), other.</summary>
    private static async Task<(int Full, int Slipped, int Other)> FloodAsync(ReloadHarness harness, int queries)
    {
        using var flooder = UdpFlood.From(IPAddress.Loopback);
        return await UdpFlood.RunAsync(flooder, harness.Server.Udp4, Name, queries);
    }

    /// <summary>Asks <paramref name="count"/> times, one query at a time; every one must get the full answer.</summary>
    private static void AssertAllAnswered(ReloadHarness harness, int count)
    {
        using var udp = DnsSockets.UdpClient(harness.Server.Udp4);
        for (int i = 0; i < count; i++)
        {
            var (reply, _) = DnsSockets.UdpExchange(udp, harness.Server.Udp4, DnsWire.Query((ushort)i, Name));
            Assert.Equal(0, reply[2] & 0x02);
            Assert.Equal(1, DnsWire.AnswerCount(reply));
        }
    }

    private static long Counted(ReloadHarness harness, RateLimitAction action) =>
        harness.Server.Host.Services.GetRequiredService<QueryRecorder>().Counters.Snapshot().RateLimited(action, ResponseClass.Answer);

    [Fact]
    public async Task Rate_limiting_turned_on_by_a_reload_limits_a_flood_and_turned_off_answers_everything_again()
    {
        await using var harness = await ReloadHarness.StartAsync();
        Assert.Null(Processor(harness).RateLimiter);
        AssertAllAnswered(harness, 50);

        var on = await ReloadWithAsync(harness, "RateLimit", new JsonObject { ["Enabled"] = true, ["ResponsesPerSecond"] = 5, ["Slip"] = 2 });
        var limiter = Processor(harness).RateLimiter;
        Assert.NotNull(limiter);
        Assert.Contains(on["config"]!["messages"]!.AsArray(), m => ((string?)m)!.StartsWith("RateLimit: on: 5 responses", StringComparison.Ordinal));
        var (full, slipped, other) = await FloodAsync(harness, 1000);

        Assert.True(slipped > 0, $"no slipped reply ({full} full)");
        Assert.True(full < 1000 - slipped, "nothing was dropped");
        Assert.Equal(0, other);
        Assert.True(Counted(harness, RateLimitAction.Dropped) > 0);

        // A reload that leaves the RateLimit section alone keeps the limiter (its buckets).
        await ReloadWithAsync(harness, "Cookies", Cookies(SecretA));
        Assert.Same(limiter, Processor(harness).RateLimiter);
        // One that fails validation changes nothing.
        harness.EditConfig(root => root["RateLimit"] = new JsonObject { ["Enabled"] = false, ["ResponsesPerSecond"] = 5000 });
        Assert.Equal(422, (await harness.PostReloadAsync()).Status);
        Assert.Same(limiter, Processor(harness).RateLimiter);

        // Log-only: every reply goes out, what would be limited is counted.
        long logOnlyBefore = Counted(harness, RateLimitAction.LogOnly);
        await ReloadWithAsync(harness, "RateLimit", new JsonObject { ["Enabled"] = true, ["ResponsesPerSecond"] = 5, ["LogOnly"] = true });
        Assert.NotSame(limiter, Processor(harness).RateLimiter);
        AssertAllAnswered(harness, 50);
        Assert.True(Counted(harness, RateLimitAction.LogOnly) > logOnlyBefore, "nothing counted as log-only");

        var off = await ReloadWithAsync(harness, "RateLimit", new JsonObject { ["Enabled"] = false });
        Assert.Null(Processor(harness).RateLimiter);
        Assert.Contains(off["config"]!["messages"]!.AsArray(), m => (string?)m == "RateLimit: off");
        long droppedBefore = Counted(harness, RateLimitAction.Dropped);
        AssertAllAnswered(harness, 200);
        Assert.Equal(droppedBefore, Counted(harness, RateLimitAction.Dropped));
        Assert.Equal(3, harness.Log.Entries.Count(e => e.Level == LogLevel.Information && e.Message.StartsWith("Response rate limiting reconfigured (api): ", StringComparison.Ordinal)));
    }
}
