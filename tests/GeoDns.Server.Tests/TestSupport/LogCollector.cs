using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// A logger factory that keeps every warning and error of every category: registered in place of
/// the host's (Serilog) factory (<c>services.AddSingleton&lt;ILoggerFactory&gt;(collector)</c>), it sees
/// what the whole server logs, the admin API's web host included. Below warnings nothing is kept.
/// </summary>
internal sealed class LogCollector : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    /// <summary>The lines at Error or Critical, as "category: message (exception)".</summary>
    public IReadOnlyList<string> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string message = formatter(state, exception);
            if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
            collector._entries.Enqueue((logLevel, category, message));
        }
    }
}
