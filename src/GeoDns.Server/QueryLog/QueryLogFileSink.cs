using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace GeoDns.Server.QueryLog;

/// <summary>
/// The query log file: JSON lines appended to <c>QueryLog:Path</c>, written by the query log's one
/// writer thread in batches. Before each batch it looks at the file, so that rotation works without a
/// restart: a file truncated under it (logrotate <c>copytruncate</c>) is written from its new end
/// (not at the old offset, which would leave the file starting with NUL bytes), and a file moved away
/// (logrotate's default rename, then <c>create</c> or nothing) is closed and the path opened anew.
/// </summary>
internal sealed class QueryLogFileSink : ILogEventSink, IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly string _path;
    private readonly ITextFormatter _formatter;
    private FileStream _stream;
    private StreamWriter _writer;
    private bool _disposed;

    /// <summary>Opens (creates) the file for appending; throws when it cannot be written.</summary>
    public QueryLogFileSink(string path, ITextFormatter formatter)
    {
        _path = path;
        _formatter = formatter;
        (_stream, _writer) = Open(path);
    }

    /// <summary>
    /// Before a batch: follows a truncation or a rename of the file. FileShare.Write keeps the
    /// runtime from caching the file's length, so another process's truncation is seen.
    /// </summary>
    public void BeginBatch()
    {
        _writer.Flush();
        long length = _stream.Length;
        if (length < _stream.Position) _stream.Seek(0, SeekOrigin.End);
        var atPath = new FileInfo(_path);
        if (!atPath.Exists || atPath.Length != length) Reopen();
    }

    public void Emit(LogEvent logEvent) => _formatter.Format(logEvent, _writer);

    /// <summary>After a batch: the lines go to the file (one write for the batch).</summary>
    public void EndBatch() => _writer.Flush();

    /// <summary>Writes what is buffered and closes the file; a second call does nothing (the writer and the host both dispose the output).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
    }

    /// <summary>Opens the path anew; if that fails, the old file stays in use (and the caller hears of it).</summary>
    private void Reopen()
    {
        var (stream, writer) = Open(_path);
        _writer.Dispose();
        (_stream, _writer) = (stream, writer);
    }

    private static (FileStream, StreamWriter) Open(string path)
    {
        // OpenOrCreate and a seek, not FileMode.Append: Append forbids seeking back before the
        // length the file had when opened, which following a truncation needs.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        try
        {
            stream.Seek(0, SeekOrigin.End);
            return (stream, new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
