namespace GeoDns.Core.RateLimiting;

/// <summary>
/// Response rate limiting settings (BIND's <c>rate-limit</c>, Knot's <c>mod-rrl</c>), validated by
/// the configuration reader; the limits are replies per second per client netblock and account
/// key (see <see cref="ResponseRateLimiter"/>). A rate of 0 leaves that class unlimited.
/// </summary>
public sealed class RateLimitOptions
{
    public const int DefaultResponsesPerSecond = 20;
    public const int MaxRate = 1000;
    public const int DefaultWindow = 15;
    public const int MaxWindow = 3600;
    public const int DefaultSlip = 2;
    public const int MaxSlip = 10;
    public const int DefaultTableSize = 1 << 18;
    public const int MinTableSize = 64;
    public const int MaxTableSize = 1 << 24;

    /// <summary>Positive answers, NODATA and referrals per second.</summary>
    public int ResponsesPerSecond { get; init; } = DefaultResponsesPerSecond;

    /// <summary>NXDOMAIN replies per second; null = <see cref="ResponsesPerSecond"/>.</summary>
    public int? NxDomainsPerSecond { get; init; }

    /// <summary>Error replies (FORMERR, SERVFAIL, REFUSED, ...) per second; null = <see cref="ResponsesPerSecond"/>.</summary>
    public int? ErrorsPerSecond { get; init; }

    /// <summary>
    /// Seconds of debt a flooding key can run up (BIND's <c>window</c>): a bucket's balance goes down
    /// to −Window × rate, so replies resume once the key's average over the window falls under the
    /// rate. 0: no debt (Knot): a flooding key still gets the rate per second.
    /// </summary>
    public int Window { get; init; } = DefaultWindow;

    /// <summary>Every Slip-th limited reply goes out truncated (TC=1) instead of being dropped; 0 = never, 1 = always.</summary>
    public int Slip { get; init; } = DefaultSlip;

    public int IPv4PrefixLength { get; init; } = 24;
    public int IPv6PrefixLength { get; init; } = 56;

    /// <summary>Clients never limited.</summary>
    public IReadOnlyList<RateLimitNetwork> Exempt { get; init; } = [];

    /// <summary>Count and log what would be limited, but send every reply.</summary>
    public bool LogOnly { get; init; }

    /// <summary>Buckets in the table (rounded up to a power of two); keys that hash to one bucket share it.</summary>
    public int TableSize { get; init; } = DefaultTableSize;

    /// <summary>The rate of a class (0 = unlimited).</summary>
    public int RateOf(ResponseClass responseClass) => responseClass switch
    {
        ResponseClass.NxDomain => NxDomainsPerSecond ?? ResponsesPerSecond,
        ResponseClass.Error => ErrorsPerSecond ?? ResponsesPerSecond,
        _ => ResponsesPerSecond,
    };
}
