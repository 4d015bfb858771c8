namespace GeoDns.Server.Tests.QueryLog;

/// <summary>A stream whose writes fail (like a full disk) while <see cref="Failing"/> is set, and otherwise keep the bytes.</summary>
internal sealed class FailingStream : Stream
{
    private readonly MemoryStream _kept = new();

    public bool Failing { get; set; }

    /// <summary>Writes that succeed before <see cref="Failing"/> sets itself (null: never).</summary>
    public int? FailAfterWrites { get; set; }

    /// <summary>Writes that succeeded.</summary>
    public int Writes { get; private set; }

    public string Text
    {
        get
        {
            lock (_kept) return System.Text.Encoding.UTF8.GetString(_kept.ToArray());
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (FailAfterWrites is { } limit && Writes >= limit) Failing = true;
        if (Failing) throw new IOException("No space left on device");
        lock (_kept) _kept.Write(buffer, offset, count);
        Writes++;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
