using System.Diagnostics;
using GeoDns.Server.Configuration;
using GeoDns.Server.Listeners;
using GeoDns.Server.Reload;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Hosting;

/// <summary>
/// Runs the server inside the host: on start, loads the zones (through the <see cref="ReloadService"/>'s catalog) and
/// binds the listeners (so the bound addresses are known when start returns); on stop, stops
/// receiving, finishes the queries in hand and closes every socket.
/// </summary>
internal sealed class DnsServerService : IHostedService
{
    private readonly GeoDnsConfiguration _configuration;
    private readonly ReloadService _reload;
    private readonly ListenerSet _listeners;
    private readonly ILogger<DnsServerService> _logger;

    public DnsServerService(GeoDnsConfiguration configuration, ReloadService reload, ListenerSet listeners, ILogger<DnsServerService> logger)
    {
        _configuration = configuration;
        _reload = reload;
        _listeners = listeners;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (_configuration.ConfigFile is not null) _logger.ConfigurationFile(DisplayPaths.For(_configuration.ConfigFile));
        foreach (string warning in _configuration.Warnings) _logger.ConfigurationWarning(warning);
        var geo = _configuration.Geo;
        if (geo.HasRegions || geo.Database is not null) _logger.GeoTopology(GeoSummary.Describe(geo));
        // The secret itself is never logged; only that it was made up.
        if (_configuration.Cookies is { Enabled: true, Secret: null }) _logger.CookieSecretGenerated();
        var (zones, failed) = _reload.LoadInitialZones();
        try
        {
            _listeners.Start(_configuration.ListenEndPoints);
        }
        catch
        {
            // Close what was bound before the failing address, then report the failure.
            await _listeners.StopAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }
        _logger.Started(watch.ElapsedMilliseconds, zones, failed);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _logger.Stopping();
        await _listeners.StopAsync(cancellationToken).ConfigureAwait(false);
        _logger.Stopped();
    }
}
