using GeoDns.Server.Logging;

namespace GeoDns.Server.Tests.Logging;

/// <summary>One log event per interval; the ones held back are counted and reported with the next.</summary>
public sealed class LogThrottleTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Now { get; set; } = 1_000_000;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Now;
    }

    [Fact]
    public void Lets_one_event_through_per_interval_and_counts_the_rest()
    {
        var time = new ManualTime();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(1));

        Assert.True(throttle.TryEnter(out long first));
        Assert.Equal(0, first);
        for (int i = 0; i < 5; i++) Assert.False(throttle.TryEnter(out _));

        time.Now += TimeSpan.TicksPerSecond / 2;
        Assert.False(throttle.TryEnter(out _));

        time.Now += TimeSpan.TicksPerSecond / 2;
        Assert.True(throttle.TryEnter(out long held));
        Assert.Equal(6, held);
        Assert.False(throttle.TryEnter(out _));
    }

    [Fact]
    public void Many_threads_at_once_let_exactly_one_event_through()
    {
        var time = new ManualTime();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(1));
        int entered = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (throttle.TryEnter(out _)) Interlocked.Increment(ref entered);
        });

        Assert.Equal(1, entered);
        time.Now += TimeSpan.TicksPerSecond;
        Assert.True(throttle.TryEnter(out long held));
        Assert.Equal(9_999, held);
    }
}
