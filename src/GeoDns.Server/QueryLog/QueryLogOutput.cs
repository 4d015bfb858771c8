using Serilog;
using Serilog.Core;
using Serilog.Formatting.Compact;

namespace GeoDns.Server.QueryLog;

/// <summary>
/// Where query log lines go: a Serilog logger of its own (not the server's log), writing compact
/// JSON (CLEF) lines through a <see cref="QueryLogStreamSink"/> to a file or to standard output, which
/// counts the lines its writes got out and the ones they lost. Tests pass a stream of their own, or a
/// logger with a sink of their own (its lines are counted written when handed over: a Serilog sink
/// does not report failures).
/// </summary>
internal sealed class QueryLogOutput : IDisposable
{
    private readonly Logger _logger;
    private readonly QueryLogStreamSink? _sink;
    private long _handedOver;

    public QueryLogOutput(Logger logger, string target)
        : this(logger, target, null)
    {
    }

    private QueryLogOutput(Logger logger, string target, QueryLogStreamSink? sink)
    {
        _logger = logger;
        Target = target;
        _sink = sink;
    }

    /// <summary>The file written, or "stdout".</summary>
    public string Target { get; }

    public Serilog.ILogger Logger => _logger;

    /// <summary>Lines written out (for a stream: its write succeeded).</summary>
    public long Written => _sink?.Written ?? Interlocked.Read(ref _handedOver);

    /// <summary>Lines lost because their write failed.</summary>
    public long Lost => _sink?.Lost ?? 0;

    /// <summary>Writes (or rotations) that failed.</summary>
    public long WriteErrors => _sink?.WriteErrors ?? 0;

    /// <summary>The last write failure, for the log.</summary>
    public Exception? LastError => _sink?.LastError;

    /// <summary>The output the options name: <c>Path</c> (appended to, made absolute by the configuration) or standard output.</summary>
    public static QueryLogOutput Create(QueryLogOptions options)
    {
        if (string.IsNullOrEmpty(options.Path)) return ForStream(Console.OpenStandardOutput(), "stdout");
        return ForSink(OpenFile(options.Path), options.Path);
    }

    /// <summary>Lines written to a stream (standard output, or a test's stream); no rotation.</summary>
    public static QueryLogOutput ForStream(Stream stream, string target) =>
        ForSink(new QueryLogStreamSink(stream, null, new CompactJsonFormatter()), target);

    /// <summary>Writes one line (to the batch: the stream sees it at <see cref="EndBatch"/>).</summary>
    public void Write(Serilog.Events.LogEvent logEvent)
    {
        _logger.Write(logEvent);
        if (_sink is null) Interlocked.Increment(ref _handedOver);
    }

    /// <summary>Before the writer hands over a batch of lines: a log file follows its rotation (see <see cref="QueryLogStreamSink"/>).</summary>
    public void BeginBatch() => _sink?.BeginBatch();

    /// <summary>After a batch: its lines are written out (a failure is counted, never thrown: see <see cref="WriteErrors"/>).</summary>
    public void EndBatch() => _sink?.EndBatch();

    /// <summary>Counts a failure that lost no line (a rotation that could not open the path anew).</summary>
    public void CountError(Exception ex) => _sink?.CountError(ex);

    private static QueryLogOutput ForSink(QueryLogStreamSink sink, string target)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink).CreateLogger();
        return new QueryLogOutput(logger, target, sink);
    }

    /// <summary>
    /// Creates the file's directory and opens the file, so that a path the server cannot write fails
    /// the start with the key and the reason.
    /// </summary>
    private static QueryLogStreamSink OpenFile(string path)
    {
        try
        {
            string? directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            return QueryLogStreamSink.OpenFile(path, new CompactJsonFormatter());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new QueryLogUnavailableException($"QueryLog:Path: cannot write '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Writes what is left and closes the sink.</summary>
    public void Dispose() => _logger.Dispose();
}
