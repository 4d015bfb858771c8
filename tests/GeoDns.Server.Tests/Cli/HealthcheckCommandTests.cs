using System.Net;
using System.Net.Sockets;
using System.Text;
using GeoDns.Server.Admin;
using GeoDns.Server.Cli;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Cli;

/// <summary><c>geodns healthcheck</c> (the container's HEALTHCHECK): exit 0 on 2xx, 1 on anything else, 2 on a bad argument.</summary>
public sealed class HealthcheckCommandTests
{
    [Fact]
    public async Task Healthy_when_the_servers_healthz_answers_200()
    {
        await using var server = await TestServer.StartAsync();
        var admin = server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;

        var (exit, output, _) = await CliRunner.RunAsync("healthcheck", "--url", $"http://{admin}/healthz");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("200 healthy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_on_503()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answer = AnswerOnceAsync(listener, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var (exit, _, error) = await CliRunner.RunAsync("healthcheck", "--url", $"http://{listener.LocalEndpoint}/healthz");
        await answer;

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("503 unhealthy", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_when_nothing_listens()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var (exit, _, error) = await CliRunner.RunAsync("healthcheck", "--url", $"http://127.0.0.1:{port}/healthz");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("unreachable", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--url", "ftp://127.0.0.1/healthz")]
    [InlineData("--url", "not a url")]
    [InlineData("--timeout", "soon")]
    [InlineData("--timeout", "NaNs")]
    [InlineData("--timeout", "9999999999999999999h")]
    public async Task Bad_arguments_exit_2(string option, string value)
    {
        var (exit, _, error) = await CliRunner.RunAsync("healthcheck", option, value);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string response)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0) break;
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }
}
