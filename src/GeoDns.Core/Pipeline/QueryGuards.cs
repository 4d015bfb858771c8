using GeoDns.Core.RateLimiting;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// The protocol settings a live reload swaps: server cookies and response rate limiting, held
/// together so a query reads both with one reference (immutable; <see cref="QueryProcessor.Reconfigure"/>
/// publishes a new one).
/// </summary>
internal sealed class QueryGuards
{
    public QueryGuards(ServerCookies? cookies, ResponseRateLimiter? rateLimiter)
    {
        Cookies = cookies;
        RateLimiter = rateLimiter;
    }

    /// <summary>Server cookies; null: COOKIE options are ignored.</summary>
    public ServerCookies? Cookies { get; }

    /// <summary>Response rate limiting for UDP replies; null: off.</summary>
    public ResponseRateLimiter? RateLimiter { get; }
}
