namespace GeoDns.Server.Listeners;

/// <summary>
/// A connection's idle timeout: <see cref="Token"/> is cancelled once <see cref="MarkActive"/>
/// has not been called for the timeout. Marking activity is one timestamp write (no lock, no timer
/// change, nothing allocated), so it is cheap enough to do for every query; the timer, armed once,
/// re-arms itself for the remaining time when it fires on a connection that has been active since.
/// </summary>
internal sealed class IdleClock : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _expired = new();
    private readonly ITimer _timer;
    private long _lastActivity;

    public IdleClock(TimeSpan timeout, TimeProvider timeProvider)
    {
        _timeout = timeout;
        _timeProvider = timeProvider;
        _lastActivity = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static state => ((IdleClock)state!).OnTimer(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the connection has been idle for the timeout.</summary>
    public CancellationToken Token => _expired.Token;

    public void MarkActive() => Volatile.Write(ref _lastActivity, _timeProvider.GetTimestamp());

    public void Dispose()
    {
        _timer.Dispose();
        _expired.Dispose();
    }

    private void OnTimer()
    {
        try
        {
            TimeSpan remaining = _timeout - _timeProvider.GetElapsedTime(Volatile.Read(ref _lastActivity));
            if (remaining > TimeSpan.Zero) _timer.Change(remaining, Timeout.InfiniteTimeSpan);
            else _expired.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended while the timer fired.
        }
    }
}
