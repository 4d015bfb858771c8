using System.Text.RegularExpressions;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Cookies;

/// <summary>
/// Interoperability with the cookie clients of BIND (<c>dig +cookie</c>) and Knot (<c>kdig +cookie</c>)
/// against the real server on loopback. Skipped where the tools are not installed
/// (<c>apt-get install -y bind9-dnsutils knot-dnsutils</c>; CI installs them with <c>.ci/install-peers</c>).
/// </summary>
public sealed partial class CookieInteropTests
{
    /// <summary>dig: "; COOKIE: 2464c4abcf10c957010000005cf79f111f8130c3eee29480 (good)"; kdig: ";; COOKIE: 2464C4AB..." (hex, any case).</summary>
    [GeneratedRegex(@"^;;? COOKIE: ([0-9A-Fa-f]+)(?: \((\w+)\))?", RegexOptions.Multiline)]
    private static partial Regex CookieLine();

    [GeneratedRegex(@"status: (\w+)")]
    private static partial Regex Status();

    private static (string Cookie, string? Verdict, string Status) Read(string output)
    {
        var cookie = CookieLine().Match(output);
        Assert.True(cookie.Success, $"no COOKIE line in:\n{output}");
        var status = Status().Match(output);
        Assert.True(status.Success, $"no status in:\n{output}");
        return (cookie.Groups[1].Value.ToLowerInvariant(), cookie.Groups[2].Success ? cookie.Groups[2].Value : null, status.Groups[1].Value);
    }

    private static string[] Args(TestServer server, params string[] more) =>
        ["@127.0.0.1", "-p", server.Udp4.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), CookieServer.Name, "A", "+norec", .. more];

    [SkippableFact]
    public async Task Dig_gets_a_server_cookie_and_the_one_it_passes_back_is_good_and_kept()
    {
        Skip.IfNot(PeerTool.Exists("dig"), $"dig {PeerTool.InstallHint}");
        await using var server = await CookieServer.StartAsync();
        var before = await CookieServer.ScrapeAsync(server);

        var first = Read(await PeerTool.RunAsync("dig", Args(server, "+cookie")));
        var second = Read(await PeerTool.RunAsync("dig", Args(server, $"+cookie={first.Cookie}")));

        Assert.Equal("NOERROR", first.Status);
        Assert.Equal(48, first.Cookie.Length); // 8-byte client cookie + 16-byte server cookie
        Assert.Equal("01000000", first.Cookie[16..24]);
        Assert.Equal("good", first.Verdict);
        Assert.Equal("NOERROR", second.Status);
        Assert.Equal("good", second.Verdict);
        Assert.Equal(first.Cookie, second.Cookie);
        var after = await CookieServer.ScrapeAsync(server);
        Assert.Equal(1, after.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "valid"))
            - before.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "valid")));
    }

    [SkippableFact]
    public async Task Dig_with_cookies_required_gets_BADCOOKIE_then_retries_with_the_new_cookie()
    {
        Skip.IfNot(PeerTool.Exists("dig"), $"dig {PeerTool.InstallHint}");
        await using var server = await CookieServer.StartAsync(requireValid: true);

        var refused = Read(await PeerTool.RunAsync("dig", Args(server, "+cookie", "+nobadcookie")));
        string retried = await PeerTool.RunAsync("dig", Args(server, "+cookie", "+badcookie"));

        Assert.Equal("BADCOOKIE", refused.Status);
        Assert.Equal("good", refused.Verdict);
        Assert.Contains("BADCOOKIE, retrying", retried, StringComparison.Ordinal);
        Assert.Equal("NOERROR", Read(retried).Status);
        Assert.Contains("192.0.2.1", retried, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Kdig_gets_a_server_cookie_and_the_one_it_passes_back_is_kept()
    {
        Skip.IfNot(PeerTool.Exists("kdig"), $"kdig {PeerTool.InstallHint}");
        await using var server = await CookieServer.StartAsync();
        var before = await CookieServer.ScrapeAsync(server);

        var first = Read(await PeerTool.RunAsync("kdig", Args(server, "+cookie")));
        var second = Read(await PeerTool.RunAsync("kdig", Args(server, $"+cookie={first.Cookie}")));

        Assert.Equal("NOERROR", first.Status);
        Assert.Equal(48, first.Cookie.Length);
        Assert.Equal("01000000", first.Cookie[16..24]);
        Assert.Equal("NOERROR", second.Status);
        Assert.Equal(first.Cookie, second.Cookie);
        var after = await CookieServer.ScrapeAsync(server);
        Assert.Equal(1, after.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "valid"))
            - before.Value("geodns_cookies_total", ("protocol", "udp"), ("cookie", "valid")));
    }

    [SkippableFact]
    public async Task Kdig_with_cookies_required_retries_over_UDP_and_is_answered_over_TCP_at_once()
    {
        Skip.IfNot(PeerTool.Exists("kdig"), $"kdig {PeerTool.InstallHint}");
        await using var server = await CookieServer.StartAsync(requireValid: true);

        string udp = await PeerTool.RunAsync("kdig", Args(server, "+cookie"));
        string tcp = await PeerTool.RunAsync("kdig", Args(server, "+cookie", "+tcp"));

        // kdig shows the BADCOOKIE reply, then retries with the cookie it received and is answered.
        Assert.Contains("BADCOOKIE", udp, StringComparison.Ordinal);
        Assert.Contains("status: NOERROR", udp, StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", udp, StringComparison.Ordinal);
        var overTcp = Read(tcp);
        Assert.Equal("NOERROR", overTcp.Status);
        Assert.DoesNotContain("BADCOOKIE", tcp, StringComparison.Ordinal);
        Assert.Contains("192.0.2.1", tcp, StringComparison.Ordinal);
    }
}
