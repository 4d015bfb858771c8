using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace GeoDns.Server.QueryLog;

/// <summary>
/// The query log's output stream: JSON lines appended to <c>QueryLog:Path</c> (or written to standard
/// output), by the query log's one writer thread in batches. <see cref="Emit"/> only formats a line
/// into the batch buffer; <see cref="EndBatch"/> writes the buffer, and only then are its lines
/// counted <see cref="Written"/>. When a write fails (a full disk, a closed pipe), the lines it did
/// not get out are counted <see cref="Lost"/> and the failure in <see cref="WriteErrors"/>; bytes of
/// a half-done write are cut off again where the file allows it, so no partial line stays.
/// <para>For a file, before each batch it looks at the file, so that rotation works without a
/// restart: a file truncated under it (logrotate <c>copytruncate</c>) is written from its new end
/// (not at the old offset, which would leave the file starting with NUL bytes), and a file moved away
/// (logrotate's default rename, then <c>create</c> or nothing) is closed and the path opened anew.</para>
/// </summary>
internal sealed class QueryLogStreamSink : ILogEventSink, IDisposable
{
    /// <summary>A batch buffer this full is written out before the next line (so a long batch is several writes).</summary>
    public const int FlushThreshold = 64 * 1024;

    /// <summary>PIPE_BUF on Linux: a pipe write of at most this many bytes is not interleaved with others.</summary>
    private const int AtomicPipeWrite = 4096;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string? _path;
    private readonly ITextFormatter _formatter;
    private readonly StringWriter _line = new(System.Globalization.CultureInfo.InvariantCulture);
    private byte[] _batch = new byte[FlushThreshold + 4096];
    private int _batchLength;
    private int _batchLines;
    private Stream _stream;
    private long _written;
    private long _lost;
    private long _writeErrors;
    private bool _disposed;

    /// <summary>Writes to <paramref name="stream"/>; with a <paramref name="path"/>, that file's rotation is followed.</summary>
    public QueryLogStreamSink(Stream stream, string? path, ITextFormatter formatter)
    {
        _stream = stream;
        _path = path;
        _formatter = formatter;
    }

    /// <summary>Opens (creates) the file for appending; throws when it cannot be opened.</summary>
    public static QueryLogStreamSink OpenFile(string path, ITextFormatter formatter) => new(Open(path), path, formatter);

    /// <summary>Lines written to the stream (their write succeeded).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Lines lost because the write of their batch failed.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Writes that failed (a batch each), and rotations that could not open the path anew.</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>
    /// Before a batch: follows a truncation or a rename of the file. FileShare.Write keeps the
    /// runtime from caching the file's length, so another process's truncation is seen.
    /// </summary>
    public void BeginBatch()
    {
        if (_path is null || _stream is not FileStream { CanSeek: true } file) return;
        long length = file.Length;
        if (length < file.Position) file.Seek(0, SeekOrigin.End);
        var atPath = new FileInfo(_path);
        if (!atPath.Exists || atPath.Length != length) Reopen();
    }

    /// <summary>Formats the line into the batch buffer (a full buffer is written out first; that never throws, see <see cref="EndBatch"/>).</summary>
    public void Emit(LogEvent logEvent)
    {
        if (_batchLength >= FlushThreshold) EndBatch();
        _line.GetStringBuilder().Clear();
        _formatter.Format(logEvent, _line);
        var text = _line.GetStringBuilder();
        int needed = _batchLength + Utf8.GetMaxByteCount(text.Length);
        if (needed > _batch.Length) Array.Resize(ref _batch, Math.Max(needed, _batch.Length * 2));
        foreach (var chunk in text.GetChunks()) _batchLength += Utf8.GetBytes(chunk.Span, _batch.AsSpan(_batchLength));
        _batchLines++;
    }

    /// <summary>
    /// Writes the batch's lines and counts them written, or, when a write fails, counts the lines
    /// it did not get out lost, the failure in <see cref="WriteErrors"/> and keeps it in
    /// <see cref="LastError"/>. Never throws; either way the buffer is emptied.
    /// </summary>
    public void EndBatch()
    {
        if (_batchLines == 0) return;
        int lines = _batchLines;
        int length = _batchLength;
        _batchLines = 0;
        _batchLength = 0;
        int offset = 0;
        try
        {
            // A file takes the batch in one write. A stream shared with the server's log (standard
            // output: a pipe to journald or docker) takes whole lines of at most PIPE_BUF bytes per
            // write, which a pipe does not interleave with another writer's.
            int piece = _path is null ? AtomicPipeWrite : length;
            while (offset < length)
            {
                int end = PieceEnd(offset, length, piece);
                _stream.Write(_batch, offset, end - offset);
                offset = end;
            }
            _stream.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            int written = _batch.AsSpan(0, offset).Count((byte)'\n');
            Interlocked.Add(ref _written, written);
            Interlocked.Add(ref _lost, lines - written);
            Interlocked.Increment(ref _writeErrors);
            LastError = ex;
            CutBack();
            return;
        }
        Interlocked.Add(ref _written, lines);
        if (_batch.Length > 4 * FlushThreshold) _batch = new byte[FlushThreshold + 4096];
    }

    /// <summary>The end of the write from <paramref name="offset"/>: whole lines up to <paramref name="piece"/> bytes (a longer line alone).</summary>
    private int PieceEnd(int offset, int length, int piece)
    {
        if (length - offset <= piece) return length;
        int newline = _batch.AsSpan(offset, piece).LastIndexOf((byte)'\n');
        if (newline >= 0) return offset + newline + 1;
        int next = _batch.AsSpan(offset + piece, length - offset - piece).IndexOf((byte)'\n');
        return next < 0 ? length : offset + piece + next + 1;
    }

    /// <summary>The last failure (of a write or a rotation), for the log.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Counts a failure that lost no line (the rotation could not open the path anew).</summary>
    public void CountError(Exception ex)
    {
        Interlocked.Increment(ref _writeErrors);
        LastError = ex;
    }

    /// <summary>Writes what is buffered and closes the stream; a second call does nothing (the writer and the host both dispose the output).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            EndBatch();
        }
        finally
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// After a failed write: drops what the failed write got into the file (a partial line), where
    /// the file allows it. The stream's position has not moved past the last write that succeeded.
    /// </summary>
    private void CutBack()
    {
        if (!_stream.CanSeek) return;
        try
        {
            long end = _stream.Position;
            if (_stream.Length > end) _stream.SetLength(end);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            // A device (or a file we can no longer touch): nothing more to do.
        }
    }

    /// <summary>Opens the path anew; if that fails, the old file stays in use (and the caller hears of it).</summary>
    private void Reopen()
    {
        var stream = Open(_path!);
        _stream.Dispose();
        _stream = stream;
    }

    private static FileStream Open(string path)
    {
        // OpenOrCreate and a seek, not FileMode.Append: Append forbids seeking back before the
        // length the file had when opened, which following a truncation needs. No FileStream
        // buffer: the batch buffer is the one buffer, so a failed write is known for its batch.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        try
        {
            if (stream.CanSeek) stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
