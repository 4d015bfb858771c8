using System.Text;

namespace GeoDns.Core.Pipeline;

/// <summary>Protocol settings fixed at start (server config maps onto these), but for <see cref="Cookies"/>, which <see cref="QueryProcessor.Reconfigure"/> replaces.</summary>
public sealed class ProtocolOptions
{
    private readonly byte[]? _nsid;

    /// <summary>Largest UDP payload we answer with under EDNS (default 1232, RFC 9715 / DNS flag day 2020).</summary>
    public int MaxUdpPayload { get; init; } = DefaultMaxUdpPayload;

    /// <summary>The default <see cref="MaxUdpPayload"/>: the one definition (the configuration's <c>MaxUdpPayload</c> default too).</summary>
    public const int DefaultMaxUdpPayload = 1232;

    /// <summary>Server identity for NSID (RFC 5001) and CH id.server/hostname.bind; null = not answered.</summary>
    public string? Identity { get; init; }

    /// <summary>Answer for CH version.bind/version.server; null = REFUSED.</summary>
    public string? Version { get; init; }

    /// <summary>DNS cookies (RFC 7873 / RFC 9018) at start: on by default, with a random secret unless one is given.</summary>
    public CookieOptions Cookies { get; init; } = new();

    /// <summary>
    /// NSID payload (RFC 5001) sent when a query asks for it. Defaults to the UTF-8 bytes of
    /// <see cref="Identity"/> when that is set; an empty array turns NSID off.
    /// </summary>
    public byte[]? Nsid
    {
        get => _nsid ?? (Identity is null ? null : Encoding.UTF8.GetBytes(Identity));
        init => _nsid = value;
    }
}
