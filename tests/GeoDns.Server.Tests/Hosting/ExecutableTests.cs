using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>The built <c>geodns</c> executable as a separate process: serve, answer, stop on SIGTERM with exit code 0.</summary>
public sealed partial class ExecutableTests
{
    [Fact]
    public async Task Serves_on_the_logged_address_and_exits_0_on_SIGTERM()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        dir.Write("zones/README.txt", "no zones: the listener still answers (REFUSED or nothing)");
        string config = dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:0" ], "UdpSocketsPerAddress": 1, "Admin": { "Listen": "127.0.0.1:0" } }""");

        using var process = GeoDnsProcess.Start("serve", "--config", config);
        var endPoint = await WaitForListenLineAsync(process);
        using (var client = await DnsSockets.TcpConnectAsync(endPoint))
        {
            // The port is really served, over TCP and UDP: no zones, so a query is refused.
            var tcpReply = await DnsSockets.ExchangeFramedAsync(client, DnsWire.Query(21, "www.example.com."));
            Assert.Equal(21, DnsWire.Id(tcpReply));
            Assert.Equal(DnsWire.Refused, DnsWire.Rcode(tcpReply));
        }
        using (var udp = DnsSockets.UdpClient(endPoint))
        {
            var (udpReply, from) = DnsSockets.UdpExchange(udp, endPoint, DnsWire.Query(22, "www.example.com."));
            Assert.Equal(endPoint, from);
            Assert.Equal(22, DnsWire.Id(udpReply));
            Assert.Equal(DnsWire.Refused, DnsWire.Rcode(udpReply));
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.Ok, process.ExitCode);
    }

    [Fact]
    public async Task Invalid_configuration_exits_2_with_one_line_naming_the_key()
    {
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", """{ "Tcp": { "MaxConnectionsPerClient": 0 } }""");

        using var process = GeoDnsProcess.Start("--config", config);
        string error = await process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.InvalidConfiguration, process.ExitCode);
        Assert.Equal("geodns: invalid configuration: Tcp:MaxConnectionsPerClient: 0 must be at least 1", error.Trim());
        Assert.Equal("", output.Trim());
    }

    private static async Task<IPEndPoint> WaitForListenLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        while (true)
        {
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("geodns exited before listening: " + await process.StandardError.ReadToEndAsync());
            var match = ListenLine().Match(line);
            if (match.Success) return IPEndPoint.Parse(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Listening on (\S+) \(TCP\)")]
    private static partial Regex ListenLine();
}
