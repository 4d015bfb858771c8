using System.Net;
using System.Net.Sockets;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>
/// <c>geodns serve</c> as a process, when it cannot start: one line on standard error naming the key and
/// what is wrong, exit code 1, and no stack trace on either stream (the host's "Hosting failed to start" is not logged).
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task An_admin_port_in_use_is_one_line_naming_Admin_Listen_and_exit_1()
    {
        using var occupied = Occupy();
        var port = ((IPEndPoint)occupied.LocalEndPoint!).Port;
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", $$"""{ "Listen": [ "127.0.0.1:0" ], "UdpSocketsPerAddress": 1, "Admin": { "Listen": "127.0.0.1:{{port}}" } }""");

        var (exit, output, error) = await RunAsync("serve", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal($"geodns: Admin:Listen: cannot listen on 127.0.0.1:{port}: address already in use", error.Trim());
        AssertNoStackTrace(output, error);
    }

    [Fact]
    public async Task A_DNS_port_in_use_is_one_line_naming_Listen_and_exit_1()
    {
        using var occupied = Occupy();
        var port = ((IPEndPoint)occupied.LocalEndPoint!).Port;
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones");
        string config = dir.Write("geodns.json", $$"""{ "Listen": [ "127.0.0.1:{{port}}" ], "UdpSocketsPerAddress": 1, "Admin": { "Listen": "127.0.0.1:0" } }""");

        var (exit, output, error) = await RunAsync("serve", "--config", config);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal($"geodns: Listen: cannot listen on 127.0.0.1:{port}: address already in use", error.Trim());
        AssertNoStackTrace(output, error);
    }

    /// <summary>A TCP listener on a free loopback port, bound exclusively: the server cannot bind it.</summary>
    private static Socket Occupy()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(1);
        return socket;
    }

    internal static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = GeoDnsProcess.Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    internal static void AssertNoStackTrace(string output, string error)
    {
        foreach (string line in (output + "\n" + error).Split('\n'))
            Assert.False(line.StartsWith("   at ", StringComparison.Ordinal), $"a stack trace reached the console: {line}");
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }
}
