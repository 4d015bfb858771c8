namespace GeoDns.Core.RateLimiting;

/// <summary>What response rate limiting did with a UDP reply.</summary>
public enum RateLimitAction : byte
{
    /// <summary>Sent as composed: under the limit, exempt, TCP, or rate limiting off.</summary>
    None,
    /// <summary>Over the limit: not sent.</summary>
    Dropped,
    /// <summary>Over the limit and its turn to slip: sent truncated (TC=1, the question, no records) so a real client retries over TCP.</summary>
    Slipped,
    /// <summary>Over the limit, but log-only mode is on: sent as composed, counted as one that would have been limited.</summary>
    LogOnly,
}
