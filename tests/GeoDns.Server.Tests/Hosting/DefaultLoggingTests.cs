using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>The built-in log levels, as a server started without a configuration file has them.</summary>
public sealed partial class DefaultLoggingTests
{
    [Fact]
    public async Task Without_a_configuration_file_an_admin_request_logs_no_ASP_NET_Core_information_lines()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory(); // no geodns.json: built-in defaults, but for the addresses (tests run in parallel)
        // The console template with the source of each line; the levels stay the built-in ones.
        using var process = GeoDnsProcess.StartIn(dir.Path, "serve",
            "--Listen:0=127.0.0.1:0", "--UdpSocketsPerAddress=1", "--Admin:Listen=127.0.0.1:0",
            "--Serilog:WriteTo:0:Name=Console", "--Serilog:WriteTo:0:Args:outputTemplate={SourceContext} {Level:u3} {Message:lj}{NewLine}");
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        Uri? admin = null;
        while (admin is null)
        {
            string line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("geodns exited before the admin API listened: " + await process.StandardError.ReadToEndAsync());
            lines.Add(line);
            if (AdminLine().Match(line) is { Success: true } match) admin = new Uri(match.Groups[1].Value);
        }

        using (var http = new HttpClient())
        {
            using var response = await http.GetAsync(new Uri(admin, "/healthz"), timeout.Token);
            Assert.True(response.IsSuccessStatusCode);
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }
        lines.AddRange((await process.StandardOutput.ReadToEndAsync(timeout.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Contains(lines, l => l.StartsWith("GeoDns.Server.Admin.AdminServer INF Admin API listening on", StringComparison.Ordinal));
        var aspNetCore = lines.Where(l => l.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Contains(" INF ", StringComparison.Ordinal)).ToList();
        Assert.True(aspNetCore.Count == 0, "ASP.NET Core information lines: " + string.Join(" | ", aspNetCore));
    }

    [GeneratedRegex(@"Admin API listening on (http://\S+)")]
    private static partial Regex AdminLine();
}
