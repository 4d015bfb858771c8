using System.Buffers.Binary;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>A growable, reusable byte buffer that RDATA is encoded into before being copied out once.</summary>
internal sealed class RdataBuilder
{
    public const int MaxRdataLength = 65535;

    private byte[] _buffer = new byte[512];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Overwrites a byte written earlier (length prefixes).</summary>
    public void SetByte(int position, byte value) => _buffer[position] = value;

    public void SetUInt16(int position, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(position), value);

    /// <summary>Drops everything written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => _length = length;

    private void Ensure(int extra)
    {
        int needed = _length + extra;
        if (needed <= _buffer.Length) return;
        if (needed > MaxRdataLength + 1024) throw new RdataFormatException("RDATA longer than 65535 bytes", -1);
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
