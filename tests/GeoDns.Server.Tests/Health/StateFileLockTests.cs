using GeoDns.Server.Cli;
using GeoDns.Server.Health;
using GeoDns.Server.Tests.Hosting;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Health;

/// <summary>One server per <c>Health:StateFile</c>: servers sharing one would erase each other's overrides.</summary>
public sealed class StateFileLockTests
{
    [Fact]
    public async Task A_second_server_on_the_same_state_file_does_not_start_and_the_first_keeps_it()
    {
        using var shared = new TempDirectory();
        string stateFile = Path.Combine(shared.Path, "state", "geodns-state.json");
        await using var first = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = stateFile });

        var error = await Assert.ThrowsAsync<StateFileLockException>(() => TestServer.StartAsync(new TestResponder(), health: new { StateFile = stateFile }));

        Assert.StartsWith($"Health:StateFile: {stateFile} is in use by another geodns server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        if (OperatingSystem.IsLinux())
        {
            // The holder's process id, for whoever looks (with cat: .NET's own read would ask for a shared lock).
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [stateFile + ".lock"]) { RedirectStandardOutput = true })!;
            string holder = await cat.StandardOutput.ReadToEndAsync();
            await cat.WaitForExitAsync();
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), holder.Trim());
        }
    }

    [Fact]
    public async Task The_state_file_is_free_again_once_its_server_is_gone()
    {
        using var shared = new TempDirectory();
        string stateFile = Path.Combine(shared.Path, "geodns-state.json");
        var first = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = stateFile });
        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = stateFile });

        Assert.True(second.Listeners.IsServing);
    }

    [Fact]
    public async Task Servers_with_their_own_state_files_run_side_by_side()
    {
        using var shared = new TempDirectory();
        await using var first = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = Path.Combine(shared.Path, "a.json") });
        await using var second = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = Path.Combine(shared.Path, "b.json") });

        Assert.True(first.Listeners.IsServing);
        Assert.True(second.Listeners.IsServing);
    }

    [Fact]
    public async Task Serve_on_a_state_file_in_use_exits_1_with_one_line_naming_Health_StateFile()
    {
        using var shared = new TempDirectory();
        string stateFile = Path.Combine(shared.Path, "geodns-state.json");
        await using var first = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = stateFile });
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            Listen = new[] { "127.0.0.1:0" },
            UdpSocketsPerAddress = 1,
            Admin = new { Listen = "127.0.0.1:0" },
            Health = new { StateFile = stateFile },
        }));

        var (exit, output, error) = await StartupFailureTests.RunAsync("serve", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"geodns: Health:StateFile: {stateFile} is in use by another geodns server", line, StringComparison.Ordinal);
        StartupFailureTests.AssertNoStackTrace(output, error);
        Assert.True(first.Listeners.IsServing);
    }

    [Fact]
    public async Task A_state_file_whose_lock_cannot_be_created_stops_the_start_naming_Health_StateFile()
    {
        using var shared = new TempDirectory();
        string notADirectory = shared.Write("file", "a file where the state directory should be");

        var error = await Assert.ThrowsAsync<StateFileLockException>(() =>
            TestServer.StartAsync(new TestResponder(), health: new { StateFile = Path.Combine(notADirectory, "geodns-state.json") }));

        Assert.StartsWith($"Health:StateFile: cannot create {Path.Combine(notADirectory, "geodns-state.json")}.lock: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_state_file_setting_takes_no_lock()
    {
        await using var server = await TestServer.StartAsync(new TestResponder(), health: new { StateFile = "" });

        Assert.False(Directory.Exists(Path.Combine(server.Directory.Path, "state")));
        Assert.Empty(Directory.GetFiles(server.Directory.Path, "*.lock", SearchOption.AllDirectories));
    }
}
