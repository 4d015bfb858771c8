using Serilog;
using Serilog.Core;
using Serilog.Formatting.Compact;

namespace GeoDns.Server.QueryLog;

/// <summary>
/// Where query log lines go: a Serilog logger of its own (not the server's log), writing compact
/// JSON (CLEF) lines to a file or to standard output. Tests pass a logger with a sink of their own.
/// </summary>
internal sealed class QueryLogOutput : IDisposable
{
    private readonly Logger _logger;
    private readonly QueryLogFileSink? _file;

    public QueryLogOutput(Logger logger, string target)
        : this(logger, target, null)
    {
    }

    private QueryLogOutput(Logger logger, string target, QueryLogFileSink? file)
    {
        _logger = logger;
        Target = target;
        _file = file;
    }

    /// <summary>The file written, or "stdout".</summary>
    public string Target { get; }

    public Serilog.ILogger Logger => _logger;

    /// <summary>The output the options name: <c>Path</c> (appended to, made absolute by the configuration) or standard output.</summary>
    public static QueryLogOutput Create(QueryLogOptions options)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        if (string.IsNullOrEmpty(options.Path))
        {
            configuration.WriteTo.Console(new CompactJsonFormatter());
            return new QueryLogOutput(configuration.CreateLogger(), "stdout");
        }
        var file = OpenFile(options.Path);
        configuration.WriteTo.Sink(file);
        return new QueryLogOutput(configuration.CreateLogger(), options.Path, file);
    }

    /// <summary>Before the writer hands over a batch of lines: a log file follows its rotation (see <see cref="QueryLogFileSink"/>).</summary>
    public void BeginBatch() => _file?.BeginBatch();

    /// <summary>After a batch: a log file gets its lines written out.</summary>
    public void EndBatch() => _file?.EndBatch();

    /// <summary>
    /// Creates the file's directory and opens the file, so that a path the server cannot write fails
    /// the start with the key and the reason.
    /// </summary>
    private static QueryLogFileSink OpenFile(string path)
    {
        try
        {
            string? directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            return new QueryLogFileSink(path, new CompactJsonFormatter());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new QueryLogUnavailableException($"QueryLog:Path: cannot write '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Flushes and closes the sink.</summary>
    public void Dispose() => _logger.Dispose();
}
