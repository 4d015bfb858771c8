using GeoDns.Core.RateLimiting;

namespace GeoDns.Server.Configuration;

/// <summary>The <c>RateLimit</c> section: whether response rate limiting is on, and its settings.</summary>
internal sealed record RateLimitSettings(bool Enabled, RateLimitOptions Options)
{
    public static RateLimitSettings Off { get; } = new(false, new RateLimitOptions());
}
