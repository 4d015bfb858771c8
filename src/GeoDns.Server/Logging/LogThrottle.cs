namespace GeoDns.Server.Logging;

/// <summary>
/// Lets one log event through per interval and counts the ones held back, so an error that repeats
/// for every query (a bug a client can trigger at will) costs a line a second instead of a line a
/// query. Lock-free and allocation-free: safe on the query path and from many threads.
/// </summary>
internal sealed class LogThrottle
{
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private long _nextAllowed;
    private long _suppressed;

    public LogThrottle(TimeProvider timeProvider, TimeSpan interval)
    {
        _timeProvider = timeProvider;
        _intervalTicks = (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
        _nextAllowed = timeProvider.GetTimestamp();
    }

    /// <summary>
    /// True when this event is to be logged; <paramref name="suppressed"/> is then the number held
    /// back since the last one that was.
    /// </summary>
    public bool TryEnter(out long suppressed)
    {
        long now = _timeProvider.GetTimestamp();
        long next = Volatile.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + _intervalTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }
        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
