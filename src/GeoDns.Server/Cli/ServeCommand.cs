using System.Net.Sockets;
using GeoDns.Server.Configuration;
using GeoDns.Server.Hosting;
using GeoDns.Server.QueryLog;
using Microsoft.Extensions.Hosting;

namespace GeoDns.Server.Cli;

/// <summary><c>geodns serve</c>: runs the server until SIGTERM / Ctrl-C, then shuts down gracefully (exit 0).</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(GeoDnsConfiguration configuration, TextWriter error)
    {
        using var host = GeoDnsHost.Build(configuration, consoleLifetime: true);
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (QueryLogUnavailableException ex)
        {
            await error.WriteLineAsync($"geodns: {ex.Message} (the directory must exist or be creatable, and be writable by the server)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (ZoneLoadFailedException ex)
        {
            await error.WriteLineAsync($"geodns: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (SocketException ex)
        {
            await error.WriteLineAsync($"geodns: cannot listen: {ex.Message} ({ex.SocketErrorCode}); check Listen (port 53 needs CAP_NET_BIND_SERVICE)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (IOException ex)
        {
            // Kestrel reports a failed bind of Admin:Listen this way (address in use, no permission).
            await error.WriteLineAsync($"geodns: cannot listen: {ex.Message}; check Admin:Listen").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
