using System.Net;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Listeners;

/// <summary>
/// Logs refused TCP connections without flooding the log: the first refusal after a quiet
/// <see cref="Interval"/> is logged at once with its client and reason; the ones after it are
/// counted, with their distinct client addresses, and summed up in one line per interval
/// ("refused 20000 more TCP connections from 3 addresses in the last 10 s") for as long as they go on.
/// Runs on the accept path (never per query).
/// </summary>
internal sealed class TcpRefusalLog : IDisposable
{
    /// <summary>Addresses remembered per interval; beyond it the count says "at least".</summary>
    public const int MaxAddresses = 4096;

    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly HashSet<UInt128> _addresses = [];
    private bool _window;
    private bool _disposed;
    private long _count;
    private string _lastReason = "";

    public TcpRefusalLog(ILogger logger, TimeProvider timeProvider, TimeSpan interval)
    {
        _logger = logger;
        Interval = interval;
        _timer = timeProvider.CreateTimer(static state => ((TcpRefusalLog)state!).OnInterval(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The summing-up interval (10 s in the server).</summary>
    public TimeSpan Interval { get; }

    /// <summary>Notes one refused connection.</summary>
    public void Refused(IPEndPoint client, UInt128 clientKey, string reason)
    {
        lock (_lock)
        {
            if (_window)
            {
                _count++;
                if (_addresses.Count < MaxAddresses) _addresses.Add(clientKey);
                _lastReason = reason;
                return;
            }
            _window = true;
            if (!_disposed) _timer.Change(Interval, Timeout.InfiniteTimeSpan);
        }
        _logger.TcpRefused(client, reason, Interval.TotalSeconds);
    }

    /// <summary>Stops the timer and logs the refusals not summed up yet.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _timer.Dispose();
        OnInterval();
    }

    private void OnInterval()
    {
        long count;
        int addresses;
        string reason;
        lock (_lock)
        {
            count = _count;
            addresses = _addresses.Count;
            reason = _lastReason;
            _count = 0;
            _addresses.Clear();
            // Refusals went on: sum up the next interval too; none: the next one is logged at once.
            _window = count > 0;
            if (_window && !_disposed) _timer.Change(Interval, Timeout.InfiniteTimeSpan);
        }
        if (count == 0) return;
        string from = addresses >= MaxAddresses ? $"at least {addresses}" : addresses.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _logger.TcpRefusedSummary(count, from, Interval.TotalSeconds, reason);
    }
}
