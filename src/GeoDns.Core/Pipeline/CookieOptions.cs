namespace GeoDns.Core.Pipeline;

/// <summary>DNS cookies (RFC 7873, server cookies of RFC 9018; server config <c>Cookies</c> maps onto these); a reload replaces them through <see cref="QueryProcessor.Reconfigure"/>.</summary>
public sealed class CookieOptions
{
    /// <summary>Length of a server secret: the 128-bit SipHash-2-4 key.</summary>
    public const int SecretLength = 16;

    /// <summary>False: COOKIE options are ignored (not parsed, not answered), as by a server without cookie support.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The server secret (16 bytes) new server cookies are made with; null = a random one for this
    /// processor. Every server of an anycast set must hold the same one.
    /// </summary>
    public byte[]? Secret { get; init; }

    /// <summary>The secret before the last rotation: cookies it made are still accepted (and replaced by ones of <see cref="Secret"/>).</summary>
    public byte[]? PreviousSecret { get; init; }

    /// <summary>True: a UDP query with a COOKIE option but without a valid server cookie gets BADCOOKIE and a new cookie, no answer (TCP never).</summary>
    public bool RequireValid { get; init; }
}
