using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Configuration;

/// <summary><see cref="RuntimeSettings"/>: the one mapping from the configuration to the settings the running parts take.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void Without_settings_the_runtime_defaults_are_Cores()
    {
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", "{}"), readEnvironment: false);

        var catalog = RuntimeSettings.ZoneCatalog(configuration, null);
        Assert.Equal(new ZoneCatalogOptions().QuietPeriod, catalog.QuietPeriod);
        Assert.Equal(new ZoneCatalogOptions().AutoSerial, catalog.AutoSerial);
        Assert.Equal(new ProtocolOptions().MaxUdpPayload, RuntimeSettings.Protocol(configuration).MaxUdpPayload);
        Assert.Equal(ProtocolOptions.DefaultMaxUdpPayload, RuntimeSettings.Listeners(configuration).MaxUdpPayload);
    }

    [Fact]
    public void Every_configured_value_reaches_its_runtime_setting()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("geodns.json", """
            {
              "MaxUdpPayload": 1400, "UdpSocketsPerAddress": 3, "UdpReceiveMode": "Async", "Identity": "ns1", "Version": "",
              "Tcp": { "IdleTimeout": "3s", "MaxConnections": 7, "MaxConnectionsPerClient": 2 },
              "Zones": { "AutoSerial": true, "QuietPeriod": "1s" }
            }
            """);
        var configuration = GeoDnsConfiguration.Load(file, readEnvironment: false);

        var protocol = RuntimeSettings.Protocol(configuration);
        Assert.Equal((1400, "ns1", (string?)null), (protocol.MaxUdpPayload, protocol.Identity, protocol.Version));
        var listeners = RuntimeSettings.Listeners(configuration);
        Assert.Equal(1400, listeners.MaxUdpPayload);
        Assert.Equal(3, listeners.UdpSocketsPerAddress);
        Assert.Equal(GeoDns.Server.Listeners.UdpReceiveMode.Async, listeners.UdpReceiveMode);
        Assert.Equal((TimeSpan.FromSeconds(3), 7, 2), (listeners.TcpIdleTimeout, listeners.TcpMaxConnections, listeners.TcpMaxConnectionsPerClient));
        var catalog = RuntimeSettings.ZoneCatalog(configuration, null);
        Assert.True(catalog.AutoSerial);
        Assert.Equal(TimeSpan.FromSeconds(1), catalog.QuietPeriod);
    }
}
