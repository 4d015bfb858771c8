using System.Net;
using GeoDns.Core.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Logs the client netblocks response rate limiting acted on: at most one line per netblock per
/// <see cref="Interval"/>, with its counts (the query path only adds to the limiter's
/// <see cref="LimitedClients"/> table), and one line for those the table had no room for. It follows
/// the limiter in service (a reload may turn limiting on, off or replace the limiter; what a replaced
/// one counted is still logged) and idles while there is none.
/// </summary>
internal sealed class RateLimitReporter : BackgroundService
{
    /// <summary>How often the limited netblocks are logged.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Func<ResponseRateLimiter?> _current;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    /// <summary>The limiter of the last report (touched by one report at a time: the loop's, then the final one).</summary>
    private ResponseRateLimiter? _last;

    /// <param name="current">the limiter in service now; null: rate limiting is off.</param>
    public RateLimitReporter(Func<ResponseRateLimiter?> current, TimeProvider time, ILogger<RateLimitReporter> logger)
    {
        _current = current;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _last = _current();
        if (_last is { } limiter)
        {
            var options = limiter.Options;
            _logger.RateLimitOn(options.LogOnly ? " (log-only)" : string.Empty, options.ResponsesPerSecond, options.RateOf(ResponseClass.NxDomain),
                options.RateOf(ResponseClass.Error), options.IPv4PrefixLength, options.IPv6PrefixLength, options.Window, options.Slip,
                options.Exempt.Count, limiter.TableSize);
        }
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

    /// <summary>Logs and resets the counts gathered since the last report, the replaced limiter's first.</summary>
    public void Report()
    {
        var current = _current();
        if (_last is not null && !ReferenceEquals(_last, current)) Report(_last);
        _last = current;
        if (current is not null) Report(current);
    }

    private void Report(ResponseRateLimiter limiter)
    {
        double seconds = Interval.TotalSeconds;
        long unlisted = limiter.Limited.Drain((netblock, isIPv6, dropped, slipped, logOnly) =>
            _logger.RateLimited(Format(netblock, isIPv6, isIPv6 ? limiter.Options.IPv6PrefixLength : limiter.Options.IPv4PrefixLength), dropped, slipped, logOnly, seconds));
        if (unlisted > 0) _logger.RateLimitedUnlisted(unlisted, seconds);
    }

    /// <summary>"192.0.2.0/24", "2001:db8::/56".</summary>
    public static string Format(UInt128 netblock, bool isIPv6, int prefix)
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
        return $"{address}/{prefix}";
    }
}
