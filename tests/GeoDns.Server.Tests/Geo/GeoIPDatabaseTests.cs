using GeoDns.Core.Geo.Mmdb;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Geo;

/// <summary>
/// A GeoIP2-City-schema database built in the test by our own writer (no downloads), configured
/// as <c>Geo:Database</c> relative to the config file: clients are routed by continent, country
/// and subdivision, and the ECS scope is at least the database network's prefix.
/// </summary>
public sealed class GeoIPDatabaseTests : IAsyncLifetime
{
    // network, continent, country, subdivision, latitude, longitude
    private const string Csv = """
        network,continent,country,subdivision,lat,lon
        198.18.0.0/16,EU,DE,DE-BE,52.52,13.40
        198.19.0.0/16,NA,CA,CA-QC,46.81,-71.21
        198.19.128.0/17,AS,IN,IN-MH,19.08,72.88
        100.64.0.0/10,SA,BR,,-23.55,-46.63
        2001:db8:40::/42,OC,AU,,-33.87,151.21
        """;

    private TempDirectory? _dir;
    private TestServer? _server;

    private TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        _dir = new TempDirectory();
        string csv = _dir.Write("networks.csv", Csv);
        string mmdb = Path.Combine(_dir.Path, "test.mmdb");
        Assert.Equal(5, MmdbCsv.Build(csv, mmdb, "GeoDns-Test-City"));
        var geo = SampleGeo.Section();
        geo["Database"] = "geo/test.mmdb";
        _server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: geo,
            files: new Dictionary<string, byte[]> { ["geo/test.mmdb"] = await File.ReadAllBytesAsync(mmdb) });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _dir?.Dispose();
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        // ECS, answer, CLIENT-SUBNET echo
        { "198.18.7.0/24", "192.0.2.1", "198.18.7.0/24/16" },     // continent EU -> eu-west
        { "198.19.1.0/24", "192.0.2.2", "198.19.1.0/24/17" },     // country CA -> us-east (the /17 next door is elsewhere)
        { "198.19.200.0/24", "192.0.2.3", "198.19.200.0/24/17" }, // continent AS -> ap-south
        { "100.64.1.0/24", "192.0.2.2", "100.64.1.0/24/10" },     // continent SA -> us-east
        { "2001:db8:40::/48", "192.0.2.3", "2001:db8:40::/48/42" }, // continent OC -> ap-south
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_database_routes_each_network_to_its_region(string subnet, string answer, string echo)
    {
        using var socket = DnsSockets.UdpClient(Server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(socket, Server.Udp4, EcsWire.Query(0x4901, "www.example.com.", 1, subnet));
        var message = EcsWire.Parse(reply);

        Assert.Equal([answer], EcsWire.Addresses(message));
        Assert.Equal(echo, EcsWire.ClientSubnet(message));
    }

    [Fact]
    public async Task Explain_shows_the_database_record_and_the_reasons()
    {
        string config = Path.Combine(Server.Directory.Path, "geodns.json");

        var (exit, output, error) = await Cli.CliRunner.RunAsync("explain", "www.example.com", "--client", "198.19.1.0/24", "--config", config);

        Assert.True(exit == 0, error);
        Assert.Contains("database:   GeoDns-Test-City: 198.19.0.0/17: continent NA, country CA, subdivision CA-QC, location 46.81, -71.21", output, StringComparison.Ordinal);
        Assert.Matches(@"1\. us-east +country CA +up", output);
        Assert.Contains("www.example.com. 60 IN A 192.0.2.2    ; region us-east", output, StringComparison.Ordinal);
    }
}
