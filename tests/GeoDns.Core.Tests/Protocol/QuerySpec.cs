using GeoDns.Core.Dns;


namespace GeoDns.Core.Tests.Protocol;

/// <summary>EDNS part of a test query: the OPT RR's fields and raw option bytes.</summary>
internal sealed record EdnsSpec(ushort UdpSize = 1232, byte Version = 0, bool DnssecOk = false, byte[]? Options = null)
{
    public static byte[] Option(ushort code, params byte[] data) => [.. Wire.U16(code), .. Wire.U16((ushort)data.Length), .. data];

    public byte[] Encode()
    {
        byte[] options = Options ?? [];
        return [0, .. Wire.U16(RRType.OPT), .. Wire.U16(UdpSize), 0, Version, (byte)(DnssecOk ? 0x80 : 0), 0,
            .. Wire.U16((ushort)options.Length), .. options];
    }
}

/// <summary>A test query, encoded by hand so malformed variants are easy to make.</summary>
internal sealed record QuerySpec
{
    public ushort Id { get; init; } = 0xBEEF;
    public bool Qr { get; init; }
    public int Opcode { get; init; }
    public bool Rd { get; init; } = true;
    public bool Cd { get; init; }
    public string Name { get; init; } = "www.example.com.";
    public ushort Type { get; init; } = RRType.A;
    public ushort Class { get; init; } = RRClass.IN;
    public EdnsSpec? Edns { get; init; }

    public byte[] QuestionBytes() => [.. Wire.Name(Name), .. Wire.U16(Type), .. Wire.U16(Class)];

    public byte[] Build()
    {
        int flags = (Qr ? 0x8000 : 0) | (Opcode << 11) | (Rd ? 0x0100 : 0) | (Cd ? 0x0010 : 0);
        return [.. Wire.U16(Id), .. Wire.U16((ushort)flags), 0, 1, 0, 0, 0, 0, 0, (byte)(Edns is null ? 0 : 1),
            .. QuestionBytes(), .. Edns?.Encode() ?? []];
    }
}
