using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>Reads wire-form RDATA field by field for the formatters; malformed data throws <see cref="InvalidWireRdataException"/>.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadUInt8()
    {
        Need(1);
        return _data[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        ushort v = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4);
        uint v = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadBytes(Remaining);

    public ReadOnlySpan<byte> ReadName()
    {
        int length = DnsName.Measure(_data[_position..]);
        if (length < 0) throw new InvalidWireRdataException("bad domain name");
        return ReadBytes(length);
    }

    public ReadOnlySpan<byte> ReadCharacterString() => ReadBytes(ReadUInt8());

    /// <summary>The rest of the RDATA, which must not be empty (<paramref name="what"/> names it in the error).</summary>
    public ReadOnlySpan<byte> ReadRequiredRest(string what)
    {
        if (AtEnd) throw new InvalidWireRdataException($"{what} missing");
        return ReadRest();
    }

    /// <summary>Reads an 8-bit field and appends it as a number followed by a space.</summary>
    public void AppendUInt8Field(StringBuilder sb)
    {
        AppendNumber(sb, ReadUInt8());
        sb.Append(' ');
    }

    /// <summary>Reads a 16-bit field and appends it as a number followed by a space.</summary>
    public void AppendUInt16Field(StringBuilder sb)
    {
        AppendNumber(sb, ReadUInt16());
        sb.Append(' ');
    }

    public readonly void ExpectEnd()
    {
        if (!AtEnd) throw new InvalidWireRdataException("trailing bytes");
    }

    private readonly void Need(int count)
    {
        if (_position + count > _data.Length) throw new InvalidWireRdataException("RDATA too short");
    }

    // Small append helpers shared by the formatters.
    public static void AppendName(StringBuilder sb, ReadOnlySpan<byte> name) => sb.Append(DnsName.ToString(name));

    public static void AppendNumber(StringBuilder sb, ulong value) => sb.Append(value.ToString(CultureInfo.InvariantCulture));

    public static void AppendHex(StringBuilder sb, ReadOnlySpan<byte> bytes) => sb.Append(Convert.ToHexString(bytes));
}
