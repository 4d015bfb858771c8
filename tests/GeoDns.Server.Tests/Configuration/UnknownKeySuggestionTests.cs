using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>Every unknown-key warning offers the nearest known key when one is close enough to be the key meant.</summary>
public sealed class UnknownKeySuggestionTests
{
    [Fact]
    public void Each_section_suggests_its_nearest_key()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", """
            {
              "Lisen": [ "127.0.0.1:0" ],
              "Tcp": { "IdelTimeout": "5s" },
              "Geo": { "DefualtOrder": [], "Regions": { "eu": { "Countires": [ "IE" ] } } },
              "Admin": { "Tokn": "x", "Listen": "127.0.0.1:0" },
              "Zones": { "AutoSerail": true },
              "Healht": {},
              "Banana": 1
            }
            """);

        var warnings = GeoDnsConfiguration.Load(config, readEnvironment: false).Warnings;

        Assert.Equal(
            [
                "Admin:Tokn: unknown key, ignored; did you mean Admin:Token?",
                "Banana: unknown key, ignored",
                "Geo:DefualtOrder: unknown key, ignored; did you mean Geo:DefaultOrder?",
                "Geo:Regions:eu:Countires: unknown key, ignored; did you mean Geo:Regions:eu:Countries?",
                "Healht: unknown key, ignored; did you mean Health?",
                "Lisen: unknown key, ignored; did you mean Listen?",
                "Tcp:IdelTimeout: unknown key, ignored; did you mean Tcp:IdleTimeout?",
                "Zones:AutoSerail: unknown key, ignored; did you mean Zones:AutoSerial?",
            ],
            warnings.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("IdleTimout", "IdleTimeout")]   // a deletion
    [InlineData("IdelTimeout", "IdleTimeout")]  // a transposition counts once
    [InlineData("Url", "Url")]                   // ignoring case: not reached for known keys, but the nearest is itself
    [InlineData("Uri", "Url")]
    [InlineData("Ttl", null)]                     // one edit in three letters is too far from Tcp
    [InlineData("Interval", "Interval")]
    [InlineData("Timeouts", "Timeout")]
    [InlineData("MaxUdpPayloadBytes", null)]
    public void Nearest_takes_at_most_two_edits_and_a_third_of_the_key(string key, string? expected) =>
        Assert.Equal(expected, ConfigKeys.Nearest(key, ["IdleTimeout", "Url", "Tcp", "Interval", "Timeout", "MaxUdpPayload"]));

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("Region", "Regions", 1)]
    public void Distance_is_Damerau_Levenshtein(string a, string b, int distance) =>
        Assert.Equal(distance, ConfigKeys.Distance(a, b));
}
