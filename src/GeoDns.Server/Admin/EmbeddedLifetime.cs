using Microsoft.Extensions.Hosting;

namespace GeoDns.Server.Admin;

/// <summary>
/// The admin web application's lifetime: it runs inside the server's host, which alone handles
/// SIGTERM / Ctrl-C and stops it (the default console lifetime would react to the signal on its own).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
