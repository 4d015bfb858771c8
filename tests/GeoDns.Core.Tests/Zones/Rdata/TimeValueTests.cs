using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Tests.Zones.Rdata;

public sealed class TimeValueTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("86400", 86400u)]
    [InlineData("1w2d3h4m5s", 788645u)]
    [InlineData("1W2D3H4M5S", 788645u)]
    [InlineData("5s1m", 65u)]
    [InlineData("2h2h", 14400u)]
    [InlineData("1h1", 3601u)]
    [InlineData("2147483647", 2147483647u)]
    [InlineData("3550w5d3h14m7s", 2147483647u)]
    public void Parses(string text, uint expected)
    {
        Assert.True(TimeValue.TryParse(text, TimeValue.MaxTtl, out uint value, out string? error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", "empty TTL")]
    [InlineData("h", "malformed TTL 'h' (expected seconds, or units like 1w2d3h4m5s)")]
    [InlineData("1hh", "malformed TTL '1hh' (expected seconds, or units like 1w2d3h4m5s)")]
    [InlineData("1y", "malformed TTL '1y' (expected seconds, or units like 1w2d3h4m5s)")]
    [InlineData("-1", "malformed TTL '-1' (expected seconds, or units like 1w2d3h4m5s)")]
    [InlineData("2147483648", "TTL '2147483648' out of range (0 to 2147483647)")]
    [InlineData("3551w", "TTL '3551w' out of range (0 to 2147483647)")]
    [InlineData("99999999999999999999999", "TTL '99999999999999999999999' out of range (0 to 2147483647)")]
    public void Rejects(string text, string message)
    {
        Assert.False(TimeValue.TryParse(text, TimeValue.MaxTtl, out _, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Soa_timers_may_use_the_full_32_bits()
    {
        Assert.True(TimeValue.TryParse("4294967295", uint.MaxValue, out uint value, out _));
        Assert.Equal(uint.MaxValue, value);
    }
}
