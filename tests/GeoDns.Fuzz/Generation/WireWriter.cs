using System.Buffers.Binary;

namespace GeoDns.Fuzz.Generation;

/// <summary>
/// Writes a DNS message (RFC 1035 §4.1) into a growable buffer and remembers where its counts and
/// length fields are, so that the mutator can corrupt exactly those. Reused: <see cref="Reset"/>.
/// </summary>
internal sealed class WireWriter
{
    private byte[] _buffer = new byte[1024];
    private readonly List<LengthField> _fields = [];

    public int Length { get; private set; }

    public IReadOnlyList<LengthField> Fields => _fields;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset()
    {
        Length = 0;
        _fields.Clear();
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void U8(int value)
    {
        Ensure(1);
        _buffer[Length++] = (byte)value;
    }

    public void U16(int value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), (ushort)value);
        Length += 2;
    }

    public void U32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Writes a 16-bit field to be filled in later (<see cref="Patch16"/>), marked as <paramref name="kind"/>; returns its offset.</summary>
    public int Field16(FieldKind kind, int value = 0)
    {
        int at = Length;
        _fields.Add(new LengthField(at, 2, kind));
        U16(value);
        return at;
    }

    public void Patch16(int offset, int value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset), (ushort)value);

    public int Read16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(offset));

    /// <summary>Writes a name given as labels (no compression), marking each label's length byte; the root label ends it.</summary>
    public void Name(IReadOnlyList<byte[]> labels, bool terminate = true)
    {
        foreach (byte[] label in labels)
        {
            _fields.Add(new LengthField(Length, 1, FieldKind.Label));
            U8(label.Length);
            Bytes(label);
        }
        if (terminate) U8(0);
    }

    /// <summary>A compression pointer (RFC 1035 §4.1.4) to <paramref name="target"/> (14 bits).</summary>
    public void Pointer(int target) => U16(0xC000 | (target & 0x3FFF));

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
    }
}
