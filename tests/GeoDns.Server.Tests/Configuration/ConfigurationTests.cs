using System.Net;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

public sealed class ConfigurationTests
{
    public static TheoryData<string, double> Durations => new()
    {
        { "10s", 10_000 },
        { "500ms", 500 },
        { "1.5s", 1_500 },
        { "2m", 120_000 },
        { "1h", 3_600_000 },
        { "2d", 172_800_000 },
        { "00:00:10", 10_000 },
        { " 300ms ", 300 },
        { "0", 0 },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Parses_durations(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten seconds")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("NaNs")]
    [InlineData("Infinityms")]
    [InlineData("-Infinityh")]
    [InlineData("9999999999999999999h")]
    [InlineData("1e400ms")]
    [InlineData("5")]
    [InlineData("2.5")]
    public void Rejects_bad_durations(string text) => Assert.False(Duration.TryParse(text, out _));

    public static TheoryData<string, string, int> GoodAddresses => new()
    {
        { "127.0.0.1:5353", "127.0.0.1", 5353 },
        { "[::1]:53", "::1", 53 },
        { "[2001:db8::1]:0", "2001:db8::1", 0 },
        { " 192.0.2.1:53 ", "192.0.2.1", 53 },
    };

    [Theory]
    [MemberData(nameof(GoodAddresses))]
    public void Parses_listen_addresses(string text, string address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var endPoint, out _));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1:53")]
    [InlineData("[::1]")]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("0.0.0.0:53")]
    [InlineData("[::]:53")]
    public void Rejects_bad_listen_addresses(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out string error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Defaults_apply_when_the_file_sets_nothing()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", "{}");

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        Assert.Equal(["127.0.0.1:5353", "[::1]:5353"], configuration.Options.EffectiveListen);
        Assert.Equal(1232, configuration.Options.MaxUdpPayload);
        Assert.Equal(TimeSpan.FromSeconds(10), configuration.Options.Tcp.GetIdleTimeout());
        Assert.Equal(1000, configuration.Options.Tcp.MaxConnections);
        Assert.Equal(50, configuration.Options.Tcp.MaxConnectionsPerClient);
        Assert.Null(configuration.Options.Identity);
        Assert.Null(configuration.Options.Version);
        Assert.Equal(Path.Combine(dir.Path, "zones"), configuration.ZonesDirectory);
    }

    [Fact]
    public void Command_line_overrides_beat_the_file()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "MaxUdpPayload": 1400, "Listen": [ "127.0.0.1:53" ], "Tcp": { "IdleTimeout": "3s" } }""");

        var configuration = GeoDnsConfiguration.Load(file, ["--MaxUdpPayload=4096", "--Listen:0=127.0.0.1:5300", "--Identity=ns1.test"], readEnvironment: false);

        Assert.Equal(4096, configuration.Options.MaxUdpPayload);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5300), Assert.Single(configuration.ListenEndPoints));
        Assert.Equal(TimeSpan.FromSeconds(3), configuration.Options.Tcp.GetIdleTimeout());
        Assert.Equal("ns1.test", configuration.Options.Identity);
    }

    [Fact]
    public void An_indexed_listen_override_replaces_one_entry_and_keeps_the_files_others()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:5353", "[::1]:5353" ] }""");

        var configuration = GeoDnsConfiguration.Load(file, ["--Listen:0=127.0.0.2:53"], readEnvironment: false);

        Assert.Equal(["127.0.0.2:53", "[::1]:5353"], configuration.Options.EffectiveListen);
    }

    [Theory]
    [InlineData("--Listen=127.0.0.2:53", new[] { "127.0.0.2:53" })]
    [InlineData("--Listen=127.0.0.2:53, [::1]:53", new[] { "127.0.0.2:53", "[::1]:53" })]
    public void A_listen_list_given_as_one_string_replaces_the_whole_list_of_the_file(string argument, string[] expected)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:5353", "[::1]:5353", "127.0.0.3:5353" ] }""");

        var configuration = GeoDnsConfiguration.Load(file, [argument], readEnvironment: false);

        Assert.Equal(expected, configuration.Options.EffectiveListen);
    }

    [Fact]
    public void A_listen_string_in_the_file_is_a_list_and_a_later_indexed_entry_still_wins_over_it()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """{ "Listen": "127.0.0.1:5353,127.0.0.3:5353" }""");

        Assert.Equal(["127.0.0.1:5353", "127.0.0.3:5353"], GeoDnsConfiguration.Load(file, readEnvironment: false).Options.EffectiveListen);
        Assert.Equal(["127.0.0.2:53"], GeoDnsConfiguration.Load(file, ["--Listen:0=127.0.0.2:53"], readEnvironment: false).Options.EffectiveListen);
    }

    [Fact]
    public void The_shipped_geodns_json_is_valid_and_spells_out_the_defaults()
    {
        string file = Path.Combine(RepositoryRoot(), "geodns.json");

        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        var defaults = new GeoDnsOptions();
        Assert.Equal(GeoDnsOptions.DefaultListen, configuration.Options.EffectiveListen);
        Assert.Equal(defaults.MaxUdpPayload, configuration.Options.MaxUdpPayload);
        Assert.Equal(defaults.ZonesDirectory, configuration.Options.ZonesDirectory);
        Assert.Equal(defaults.Tcp.GetIdleTimeout(), configuration.Options.Tcp.GetIdleTimeout());
        Assert.Equal(defaults.Tcp.MaxConnections, configuration.Options.Tcp.MaxConnections);
        Assert.Equal(defaults.Tcp.MaxConnectionsPerClient, configuration.Options.Tcp.MaxConnectionsPerClient);
        Assert.True(string.IsNullOrEmpty(configuration.Options.Identity));
        Assert.Empty(configuration.Warnings); // every key in it is one the server knows
        Assert.Equal(new GeoDns.Core.Health.HealthOptions().FailoverTtl, configuration.Health.FailoverTtl);
        Assert.Empty(configuration.Health.Regions); // the sample starts without network backends
        Assert.True(configuration.Admin.Enabled);
        Assert.Equal(GeoDns.Server.Configuration.AdminOptions.DefaultListen, configuration.Admin.Listen);
        Assert.Null(configuration.Admin.Token); // state-changing calls refused until one is set
        var zones = new GeoDns.Server.Configuration.ZonesOptions();
        Assert.Equal(zones.AutoSerial, configuration.Zones.AutoSerial);
        Assert.Equal(zones.RequirePassingTests, configuration.Zones.RequirePassingTests);
        Assert.Equal(zones.PollInterval, configuration.Zones.PollInterval);
        Assert.Equal(zones.QuietPeriod, configuration.Zones.QuietPeriod);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeoDns.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GeoDns.sln not found above the test directory");
    }
}
