using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Cookies;

/// <summary>The <c>Cookies</c> section: defaults, every key, bad secrets named but never shown, unknown keys warned.</summary>
public sealed class CookieConfigurationTests
{
    private static GeoDnsConfiguration Load(TempDirectory dir, string json) =>
        GeoDnsConfiguration.Load(dir.Write("geodns.json", json), readEnvironment: false);

    [Fact]
    public void Defaults_are_on_with_no_secret_and_not_required()
    {
        using var dir = new TempDirectory();
        var configuration = Load(dir, "{}");

        Assert.True(configuration.Cookies.Enabled);
        Assert.Null(configuration.Cookies.Secret);
        Assert.Null(configuration.Cookies.PreviousSecret);
        Assert.False(configuration.Cookies.RequireValid);
        var protocol = RuntimeSettings.Protocol(configuration).Cookies;
        Assert.True(protocol.Enabled);
        Assert.Null(protocol.Secret);
    }

    [Fact]
    public void Every_key_binds_and_reaches_the_protocol_options()
    {
        using var dir = new TempDirectory();
        var configuration = Load(dir, """
            { "Cookies": { "Enabled": false, "Secret": "0x000102030405060708090A0B0C0D0E0F", "PreviousSecret": "f0e0d0c0 b0a09080 70605040 30201000", "RequireValid": true } }
            """);

        Assert.Empty(configuration.Warnings);
        var protocol = RuntimeSettings.Protocol(configuration).Cookies;
        Assert.False(protocol.Enabled);
        Assert.Equal(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), protocol.Secret);
        Assert.Equal(Convert.FromHexString("f0e0d0c0b0a090807060504030201000"), protocol.PreviousSecret);
        Assert.True(protocol.RequireValid);
    }

    [Theory]
    [InlineData("Secret", "00010203")]
    [InlineData("Secret", "zz0102030405060708090a0b0c0d0e0f")]
    [InlineData("PreviousSecret", "000102030405060708090a0b0c0d0e0f00")]
    public void A_secret_that_is_not_16_bytes_of_hex_is_refused_without_its_value(string key, string value)
    {
        using var dir = new TempDirectory();
        string secret = key == "Secret" ? "" : "\"Secret\": \"000102030405060708090a0b0c0d0e0f\", ";

        var error = Assert.Throws<InvalidConfigurationException>(() => Load(dir, $$"""{ "Cookies": { {{secret}}"{{key}}": "{{value}}" } }"""));

        string problem = Assert.Single(error.Problems);
        Assert.StartsWith($"Cookies:{key}: not 32 hexadecimal digits", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(value, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_previous_secret_needs_a_current_one()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<InvalidConfigurationException>(() => Load(dir, """{ "Cookies": { "PreviousSecret": "000102030405060708090a0b0c0d0e0f" } }"""));

        Assert.StartsWith("Cookies:PreviousSecret: set without Cookies:Secret", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_boolean_names_its_key()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<InvalidConfigurationException>(() => Load(dir, """{ "Cookies": { "RequireValid": "sometimes" } }"""));

        Assert.StartsWith("Cookies:RequireValid: ", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_warned_with_the_key_meant()
    {
        using var dir = new TempDirectory();

        var configuration = Load(dir, """{ "Cookies": { "Secrett": "000102030405060708090a0b0c0d0e0f" } }""");

        Assert.Equal("Cookies:Secrett: unknown key, ignored; did you mean Cookies:Secret?", Assert.Single(configuration.Warnings));
    }

    [Fact]
    public void A_changed_secret_is_a_change_a_reload_applies_and_the_same_one_written_otherwise_is_none()
    {
        using var dir = new TempDirectory();
        var current = Load(dir, """{ "Cookies": { "Secret": "000102030405060708090a0b0c0d0e0f" } }""");
        var same = Load(dir, """{ "Cookies": { "Secret": "000102030405060708090A0B0C0D0E0F" } }""");
        var rotated = Load(dir, """{ "Cookies": { "Secret": "f0e0d0c0b0a090807060504030201000", "PreviousSecret": "000102030405060708090a0b0c0d0e0f" } }""");

        Assert.True(CookiesOptions.Same(current.Cookies, same.Cookies));
        Assert.False(CookiesOptions.Same(current.Cookies, rotated.Cookies));
        Assert.Equal("on, new Secret, new PreviousSecret accepted, RequireValid false", rotated.Cookies.DescribeChange(current.Cookies));
        Assert.Equal("on, same Secret, no PreviousSecret, RequireValid false", same.Cookies.DescribeChange(current.Cookies));
        // Not restart-only any more.
        Assert.Empty(RestartOnlyKeys.Changed(current, rotated));
    }
}
