using System.Net;
using GeoDns.Core.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Logs the client netblocks response rate limiting acted on: at most one line per netblock per
/// <see cref="Interval"/>, with its counts (the query path only adds to the limiter's
/// <see cref="LimitedClients"/> table), and one line for those the table had no room for.
/// </summary>
internal sealed class RateLimitReporter : BackgroundService
{
    /// <summary>How often the limited netblocks are logged.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ResponseRateLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RateLimitReporter(ResponseRateLimiter limiter, TimeProvider time, ILogger<RateLimitReporter> logger)
    {
        _limiter = limiter;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _limiter.Options;
        _logger.RateLimitOn(options.LogOnly ? " (log-only)" : string.Empty, options.ResponsesPerSecond, options.RateOf(ResponseClass.NxDomain),
            options.RateOf(ResponseClass.Error), options.IPv4PrefixLength, options.IPv6PrefixLength, options.Window, options.Slip,
            options.Exempt.Count, _limiter.TableSize);
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Report();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was limited since the last tick is still logged.
        }
        Report();
    }

    /// <summary>Logs and resets the counts gathered since the last report.</summary>
    public void Report()
    {
        double seconds = Interval.TotalSeconds;
        long unlisted = _limiter.Limited.Drain((netblock, isIPv6, dropped, slipped, logOnly) =>
            _logger.RateLimited(Format(netblock, isIPv6), dropped, slipped, logOnly, seconds));
        if (unlisted > 0) _logger.RateLimitedUnlisted(unlisted, seconds);
    }

    /// <summary>"192.0.2.0/24", "2001:db8::/56".</summary>
    public string Format(UInt128 netblock, bool isIPv6)
    {
        IPAddress address;
        if (isIPv6)
        {
            Span<byte> bytes = stackalloc byte[16];
            for (int i = 0; i < 16; i++) bytes[i] = (byte)(netblock >> (8 * (15 - i)));
            address = new IPAddress(bytes);
        }
        else
        {
            uint value = (uint)netblock;
            address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }
        int prefix = isIPv6 ? _limiter.Options.IPv6PrefixLength : _limiter.Options.IPv4PrefixLength;
        return $"{address}/{prefix}";
    }
}
