namespace GeoDns.Core.Protocol;

// CONTRACT STUB — the protocol helper may add members.
/// <summary>Protocol settings fixed at start (server config maps onto these).</summary>
public sealed class ProtocolOptions
{
    /// <summary>Largest UDP payload we answer with under EDNS (default 1232, RFC 9715 / DNS flag day 2020).</summary>
    public int MaxUdpPayload { get; init; } = 1232;

    /// <summary>Server identity for NSID (RFC 5001) and CH id.server/hostname.bind; null = not answered.</summary>
    public string? Identity { get; init; }

    /// <summary>Answer for CH version.bind; null = REFUSED.</summary>
    public string? Version { get; init; }
}
