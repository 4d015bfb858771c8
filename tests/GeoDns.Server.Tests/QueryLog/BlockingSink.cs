using Serilog.Core;
using Serilog.Events;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>A query log sink that keeps every event and holds the writer inside the first one until released.</summary>
internal sealed class BlockingSink : ILogEventSink
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new();
    private readonly List<LogEvent> _events = [];

    public Task Entered => _entered.Task;

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    public void Release() => _release.Set();

    public void Emit(LogEvent logEvent)
    {
        lock (_events) _events.Add(logEvent);
        _entered.TrySetResult();
        // Bounded, so a failing test cannot hang the run.
        _release.Wait(TimeSpan.FromSeconds(30));
    }
}
