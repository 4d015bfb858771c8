using GeoDns.Core.Health;
using Microsoft.Extensions.Hosting;

namespace GeoDns.Server.Hosting;

/// <summary>
/// Starts the <see cref="HealthMonitor"/> at boot (probes begin before the first query, not on it)
/// and stops its probes on shutdown. The monitor publishes every health change through
/// <see cref="Core.Resolution.ServingState.SetHealth"/>, which the query processor reads once per query.
/// </summary>
internal sealed class HealthService : IHostedService
{
    private readonly HealthMonitor _monitor;

    public HealthService(HealthMonitor monitor) => _monitor = monitor;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _monitor.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _monitor.StopAsync();
}
