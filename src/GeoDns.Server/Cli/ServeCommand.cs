using GeoDns.Server.Configuration;
using GeoDns.Server.Health;
using GeoDns.Server.Hosting;
using GeoDns.Server.Listeners;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Reload;
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
        catch (Exception ex) when (ex is ZoneLoadFailedException or StateFileLockException or ListenException)
        {
            // One line naming the key and what failed ("Admin:Listen: cannot listen on 127.0.0.1:8053: address already in use",
            // "Health:StateFile: … is in use by another geodns server", a zone file's file:line:col with Zones:RequireAll);
            // the host's own "Hosting failed to start" with the stack trace is filtered out of the log (SerilogSetup).
            await error.WriteLineAsync($"geodns: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
