using System.Text.Json.Nodes;
using GeoDns.Core.Health;
using GeoDns.Server.Health;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Health;

/// <summary>
/// A corrupt state file does not bring regions forced down back up: every write keeps a last good
/// copy, and a corrupt file is replaced by it at start, loudly; when neither is usable the server
/// starts without overrides and says so as an error.
/// </summary>
public sealed class StateFileLastGoodTests
{
    private const string Torn = "{\"version\":1,\"overrides\":{\"us-east\":{\"state\":\"do";

    [Fact]
    public async Task A_server_restarted_over_a_corrupt_state_file_keeps_the_region_forced_down_from_the_last_good_copy()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "state", "health.json");
        await using (var first = await StartAsync(dir))
        {
            first.Host.Services.GetRequiredService<HealthMonitor>().SetOverride("us-east", RegionState.Down, "maintenance", null);
            Assert.Equal([TwoRegionGeo.EuWest], Query(first));
        }
        Assert.True(File.Exists(file + StateFileStore.LastGoodSuffix));
        await File.WriteAllTextAsync(file, Torn);

        await using var second = await StartAsync(dir);

        var status = second.Host.Services.GetRequiredService<HealthMonitor>().GetStatus().Single(s => s.Region == "us-east");
        Assert.Equal(RegionState.Down, status.State);
        Assert.Equal("maintenance", status.Override!.Reason);
        Assert.Equal([TwoRegionGeo.EuWest], Query(second));
        // The corrupt file is kept for a look, beside the state file.
        Assert.Equal(Torn, await File.ReadAllTextAsync(file + StateFileStore.CorruptSuffix));
    }

    [Fact]
    public async Task With_neither_file_usable_the_server_starts_without_overrides()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "state", "health.json");
        await using (var first = await StartAsync(dir))
            first.Host.Services.GetRequiredService<HealthMonitor>().SetOverride("us-east", RegionState.Down, "maintenance", null);
        await File.WriteAllTextAsync(file, Torn);
        await File.WriteAllTextAsync(file + StateFileStore.LastGoodSuffix, "");

        await using var second = await StartAsync(dir);

        var status = second.Host.Services.GetRequiredService<HealthMonitor>().GetStatus().Single(s => s.Region == "us-east");
        Assert.Null(status.Override);
        Assert.Equal([TwoRegionGeo.UsEast], Query(second));
    }

    [Fact]
    public void Restoring_from_the_last_good_copy_is_a_warning_naming_both_files()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "health.json");
        var log = new LogCapture<StateFileStore>();
        var store = new StateFileStore(file, log);
        var forced = new OverrideInfo(RegionState.Down, "maintenance", null, DateTimeOffset.UnixEpoch);
        store.Save([new RegionOverride("eu", forced)]);
        File.WriteAllText(file, Torn);

        var loaded = store.Load();

        Assert.Null(loaded.Error);
        Assert.Equal("maintenance", Assert.Single(loaded.Overrides).Override.Reason);
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains($"HEALTH STATE FILE {file} IS CORRUPT", message, StringComparison.Ordinal);
        Assert.Contains($"from its last good copy {file}.last-good", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Without_a_usable_last_good_copy_the_load_fails_and_says_it_starts_without_overrides(bool copyExists)
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "health.json");
        File.WriteAllText(file, Torn);
        if (copyExists) File.WriteAllText(file + StateFileStore.LastGoodSuffix, "[]");
        var log = new LogCapture<StateFileStore>();

        var loaded = new StateFileStore(file, log).Load();

        Assert.NotNull(loaded.Error);
        Assert.Empty(loaded.Overrides);
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("starting WITHOUT overrides", message, StringComparison.Ordinal);
        Assert.Contains(copyExists ? "cannot be used either (" : "(it does not exist)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_state_file_edited_by_hand_becomes_the_last_good_copy_when_read()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "health.json");
        string edited = "{\"version\":1,\"overrides\":{\"ap\":{\"state\":\"up\",\"reason\":\"by hand\",\"expires\":null,\"setAt\":\"1970-01-01T00:00:00+00:00\"}}}";
        File.WriteAllText(file, edited);

        Assert.Equal("by hand", Assert.Single(new StateFileStore(file).Load().Overrides).Override.Reason);
        Assert.Equal(edited, File.ReadAllText(file + StateFileStore.LastGoodSuffix));
    }

    private static Task<TestServer> StartAsync(TempDirectory dir) => TestServer.StartAsync(
        zones: TwoRegionGeo.Zones(),
        geo: TwoRegionGeo.Geo(),
        health: new JsonObject { ["StateFile"] = "state/health.json" },
        directory: dir);

    private static string[] Query(TestServer server)
    {
        using var socket = DnsSockets.UdpClient(server.Udp4);
        var (reply, _) = DnsSockets.UdpExchange(socket, server.Udp4, EcsWire.Query(0x5151, "www.geo.test.", 1, null));
        return EcsWire.Addresses(EcsWire.Parse(reply));
    }
}
