using System.Text.Json;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Cli;

/// <summary><c>geodns explain</c> on the shipped topology and zones: the whole decision, offline.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _config;

    public ExplainCommandTests()
    {
        foreach (var (file, text) in SampleGeo.Zones()) _dir.Write(Path.Combine("zones", file), text);
        var geo = SampleGeo.Section();
        _config = _dir.Write("geodns.json", JsonSerializer.Serialize(new Dictionary<string, object> { ["Geo"] = geo }));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_ECS_client_matching_a_rule_shows_rule_order_answer_and_scope()
    {
        var (exit, output, error) = await CliRunner.RunAsync("explain", "www.example.com", "--client", "198.51.100.0/24", "--config", _config);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("198.51.100.0/24 as EDNS Client Subnet (source prefix 24)", output, StringComparison.Ordinal);
        Assert.Contains("cidr rule:  198.51.100.0/24 -> eu-west, us-east", output, StringComparison.Ordinal);
        Assert.Matches(@"1\. eu-west +rule 198\.51\.100\.0/24 +up", output);
        Assert.Matches(@"2\. us-east +rule 198\.51\.100\.0/24 +up", output);
        Assert.Matches(@"3\. ap-south +\S.* +up", output);
        Assert.Contains("www.example.com. 60 IN A 192.0.2.1    ; region eu-west", output, StringComparison.Ordinal);
        Assert.Contains("ttl:        60", output, StringComparison.Ordinal);
        Assert.Contains("ecs scope:  /24, echoed as CLIENT-SUBNET 198.51.100.0/24/24", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_address_is_the_packet_source_and_unmatched_clients_get_the_default_order()
    {
        var (exit, output, error) = await CliRunner.RunAsync("explain", "www.example.com", "AAAA", "--client", "10.1.2.3", "--config", _config);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("10.1.2.3 (the packet's source address; no EDNS Client Subnet)", output, StringComparison.Ordinal);
        Assert.Contains("cidr rule:  none matched", output, StringComparison.Ordinal);
        Assert.Matches(@"1\. us-east +default order", output);
        Assert.Contains("www.example.com. 60 IN AAAA 2001:db8:a::2    ; region us-east", output, StringComparison.Ordinal);
        Assert.Contains("ecs scope:  none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CNAME_to_a_geo_name_shows_both_records()
    {
        var (exit, output, _) = await CliRunner.RunAsync("explain", "docs.example.com", "--client", "2001:db8:3::/48", "--config", _config);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("docs.example.com. 3600 IN CNAME www.example.com.    ; no region", output, StringComparison.Ordinal);
        Assert.Contains("www.example.com. 60 IN A 192.0.2.3    ; region ap-south", output, StringComparison.Ordinal);
        Assert.Contains("CLIENT-SUBNET 2001:db8:3::/48/48", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_overrides_apply_without_a_TYPE()
    {
        var (exit, output, error) = await CliRunner.RunAsync(
            "explain", "www.example.com", "--Geo:Networks:10.0.0.0/8:0=ap-south", "--client", "10.1.2.3", "--config", _config);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Matches(@"1\. ap-south +rule 10\.0\.0\.0/8", output);
        Assert.Contains("www.example.com. 60 IN A 192.0.2.3    ; region ap-south", output, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadInput => new()
    {
        { ["explain", "www..example.com", "--client", "192.0.2.1"], "NAME: " },
        { ["explain", "www.example.com", "NOTATYPE", "--client", "192.0.2.1"], "TYPE: 'NOTATYPE'" },
        { ["explain", "www.example.com", "--client", "192.0.2.300"], "--client: '192.0.2.300' is not an IP address" },
        { ["explain", "www.example.com", "--client", "192.0.2.0/33"], "--client: '192.0.2.0/33' has a bad prefix length" },
        // IPAddress.TryParse reads the short form 198.51.100 as 198.51.0.100: explained silently, that is another network.
        { ["explain", "www.example.com", "--client", "198.51.100/24"], "--client: '198.51.100/24' is not a full IPv4 address (write all four octets: 198.51.100.0/24)" },
        { ["explain", "www.example.com", "--client", "192.0.2"], "--client: '192.0.2' is not a full IPv4 address" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_exits_2_with_a_clear_message(string[] args, string message)
    {
        var (exit, _, error) = await CliRunner.RunAsync([.. args, "--config", _config]);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_client_option_exits_2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("explain", "www.example.com", "--config", _config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains("--client", error, StringComparison.Ordinal);
    }
}
