using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Health;

/// <summary>Records every log entry (event id, level, message).</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));

    public bool Has(int eventId)
    {
        foreach (var entry in Entries)
        {
            if (entry.EventId == eventId) return true;
        }
        return false;
    }
}
