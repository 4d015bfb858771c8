namespace GeoDns.Server.Configuration;

/// <summary>The <c>Cookies</c> section: DNS cookies (RFC 7873, server cookies of RFC 9018).</summary>
internal sealed class CookiesOptions
{
    /// <summary>False: COOKIE options are ignored, as by a server without cookie support.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The server secret, 16 bytes (32 hex digits); null = a random one made at start (one server only: a fleet shares one).</summary>
    public byte[]? Secret { get; set; }

    /// <summary>The secret before the last rotation, still accepted; null = none.</summary>
    public byte[]? PreviousSecret { get; set; }

    /// <summary>True: UDP queries with a COOKIE option but no valid server cookie get BADCOOKIE.</summary>
    public bool RequireValid { get; set; }

    /// <summary>The same settings (the secrets compared by value).</summary>
    public static bool Same(CookiesOptions a, CookiesOptions b) =>
        a.Enabled == b.Enabled && a.RequireValid == b.RequireValid && SameSecret(a.Secret, b.Secret) && SameSecret(a.PreviousSecret, b.PreviousSecret);

    /// <summary>
    /// What changed from <paramref name="before"/>, for the log: "on, new Secret, PreviousSecret accepted,
    /// RequireValid false" or "off". Never a secret itself.
    /// </summary>
    public string DescribeChange(CookiesOptions before)
    {
        if (!Enabled) return "off";
        string secret = Secret is null ? "no Secret (the server's random one)" : SameSecret(Secret, before.Secret) ? "same Secret" : "new Secret";
        string previous = PreviousSecret is null ? "no PreviousSecret" : SameSecret(PreviousSecret, before.PreviousSecret) ? "same PreviousSecret accepted" : "new PreviousSecret accepted";
        return $"on, {secret}, {previous}, RequireValid {(RequireValid ? "true" : "false")}";
    }

    /// <summary>Whether two secrets are the same (both unset included).</summary>
    public static bool SameSecret(byte[]? a, byte[]? b) => a is null || b is null ? a is null && b is null : a.AsSpan().SequenceEqual(b);
}
