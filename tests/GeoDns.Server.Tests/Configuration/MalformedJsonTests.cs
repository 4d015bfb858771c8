using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary>A configuration file that is not JSON: the message says where (line and column, counted from 1) and what, not only "failed to load".</summary>
public sealed class MalformedJsonTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // file text, what the message must contain after the file name
        { "{\n  \"MaxUdpPayload\": 1232,\n  \"Tcp\" { }\n}\n", "geodns.json:3:9: malformed JSON: " },
        { "{ \"Geo\": { \"Regions\": ", "geodns.json:1:23: malformed JSON: " },
        { "", "geodns.json:1:1: malformed JSON: " },
        { "[ 1, 2 ]", "geodns.json: " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_error_names_the_place_and_the_problem(string text, string expected)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", text);

        var error = Assert.Throws<InvalidConfigurationException>(() => GeoDnsConfiguration.Load(file, readEnvironment: false));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to load configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }
}
