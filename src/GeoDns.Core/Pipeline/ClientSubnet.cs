namespace GeoDns.Core.Pipeline;

/// <summary>
/// An EDNS Client Subnet option (RFC 7871 §6) as plain values. <see cref="Address"/> holds the
/// address as a number in the same form as <see cref="QueryContext.ClientAddress"/> (IPv4 in the
/// low 32 bits), with every bit beyond <see cref="SourcePrefix"/> zero.
/// </summary>
internal readonly struct ClientSubnet
{
    public const ushort FamilyIPv4 = 1;
    public const ushort FamilyIPv6 = 2;

    public ClientSubnet(ushort family, byte sourcePrefix, byte scopePrefix, UInt128 address)
    {
        Family = family;
        SourcePrefix = sourcePrefix;
        ScopePrefix = scopePrefix;
        Address = address;
    }

    public ushort Family { get; }
    public byte SourcePrefix { get; }
    public byte ScopePrefix { get; }
    public UInt128 Address { get; }

    public bool IsIPv6 => Family == FamilyIPv6;

    /// <summary>Address length of the family in bits (32 or 128).</summary>
    public int AddressBits => IsIPv6 ? 128 : 32;

    /// <summary>ADDRESS bytes on the wire: just enough for the source prefix (§6).</summary>
    public int AddressLength => (SourcePrefix + 7) / 8;

    /// <summary>OPTION-LENGTH: FAMILY, SOURCE PREFIX-LENGTH, SCOPE PREFIX-LENGTH, ADDRESS.</summary>
    public int OptionDataLength => 4 + AddressLength;

    public ClientSubnet WithScope(int scopePrefix) => new(Family, SourcePrefix, (byte)Math.Clamp(scopePrefix, 0, AddressBits), Address);

    /// <summary>Writes ADDRESS (<see cref="AddressLength"/> bytes, network order).</summary>
    public void WriteAddress(Span<byte> destination)
    {
        int bits = AddressBits;
        for (int i = 0; i < AddressLength; i++) destination[i] = (byte)(Address >> (bits - 8 - 8 * i));
    }
}
