namespace GeoDns.Core.Zones;

// CONTRACT STUB — the zone-engine helper replaces this file with the real immutable zone snapshot.
// Keep these public members (others may be added).
public sealed class Zone
{
    /// <summary>Lower-cased wire-format apex name.</summary>
    public byte[] Origin { get; } = [0];
    /// <summary>Presentation form of the origin, e.g. "example.com.".</summary>
    public string Name => Protocol.DnsName.ToString(Origin);
    public uint Serial { get; }
    public int RecordCount { get; }
    /// <summary>The zone file and every file it included.</summary>
    public IReadOnlyList<string> Files { get; } = [];
}
