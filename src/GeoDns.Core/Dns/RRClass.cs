namespace GeoDns.Core.Dns;

/// <summary>DNS CLASS values.</summary>
public static class RRClass
{
    public const ushort IN = 1;
    public const ushort CH = 3;
    public const ushort HS = 4;
    public const ushort NONE = 254;
    public const ushort ANY = 255;
}
