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

    public QueryLogOutput(Logger logger, string target)
    {
        _logger = logger;
        Target = target;
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
        OpenForAppend(options.Path);
        configuration.WriteTo.File(new CompactJsonFormatter(), options.Path, shared: false, flushToDiskInterval: TimeSpan.FromSeconds(1), buffered: true);
        return new QueryLogOutput(configuration.CreateLogger(), options.Path);
    }

    /// <summary>
    /// Creates the file's directory and opens the file for appending once, so that a path the server
    /// cannot write fails the start with the key and the reason. (Serilog's file sink does not throw:
    /// it would log nothing while the written count grows.)
    /// </summary>
    private static void OpenForAppend(string path)
    {
        try
        {
            string? directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            using var probe = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new QueryLogUnavailableException($"QueryLog:Path: cannot write '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Flushes and closes the sink.</summary>
    public void Dispose() => _logger.Dispose();
}
