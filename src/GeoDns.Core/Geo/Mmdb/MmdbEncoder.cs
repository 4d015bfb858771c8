using System.Buffers.Binary;
using System.Text;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>Appends MaxMind DB data-section values (control byte, size, payload) to a growable buffer.</summary>
internal sealed class MmdbEncoder
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void WriteMap(int pairCount) => WriteHeader(MmdbType.Map, pairCount);

    public void WriteArray(int count) => WriteHeader(MmdbType.Array, count);

    public void WriteString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteHeader(MmdbType.Utf8String, byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void WriteDouble(double value)
    {
        WriteHeader(MmdbType.Double, 8);
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);
    }

    public void WriteUInt16(ushort value) => WriteUnsigned(MmdbType.UInt16, value);

    public void WriteUInt32(uint value) => WriteUnsigned(MmdbType.UInt32, value);

    public void WriteUInt64(ulong value) => WriteUnsigned(MmdbType.UInt64, value);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private void WriteUnsigned(MmdbType type, ulong value)
    {
        // Big-endian with leading zero bytes left out; zero has no payload at all.
        int size = 0;
        for (ulong v = value; v != 0; v >>= 8)
        {
            size++;
        }

        WriteHeader(type, size);
        Span<byte> payload = Reserve(size);
        for (int i = size - 1; i >= 0; i--)
        {
            payload[i] = (byte)value;
            value >>= 8;
        }
    }

    private void WriteHeader(MmdbType type, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 65821 + 0xFFFFFF);
        int typeBits = (int)type <= 7 ? (int)type : 0;
        int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65821 ? 30 : 31;
        Reserve(1)[0] = (byte)((typeBits << 5) | sizeBits);
        if ((int)type > 7)
        {
            Reserve(1)[0] = (byte)((int)type - 7);
        }

        switch (sizeBits)
        {
            case 29:
                Reserve(1)[0] = (byte)(size - 29);
                break;
            case 30:
                BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), (ushort)(size - 285));
                break;
            case 31:
                int rest = size - 65821;
                Span<byte> three = Reserve(3);
                three[0] = (byte)(rest >> 16);
                three[1] = (byte)(rest >> 8);
                three[2] = (byte)rest;
                break;
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        Span<byte> span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
