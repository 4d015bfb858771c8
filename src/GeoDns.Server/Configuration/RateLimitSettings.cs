using GeoDns.Core.RateLimiting;

namespace GeoDns.Server.Configuration;

/// <summary>The <c>RateLimit</c> section: whether response rate limiting is on, and its settings.</summary>
internal sealed record RateLimitSettings(bool Enabled, RateLimitOptions Options)
{
    public static RateLimitSettings Off { get; } = new(false, new RateLimitOptions());

    /// <summary>"off", or "on (log-only): 20 responses, 20 NXDOMAIN, 20 errors per second per /24 and /56, window 15 s, slip 2, 0 exempt networks, 262144 buckets".</summary>
    public string Describe()
    {
        if (!Enabled) return "off";
        var o = Options;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"on{(o.LogOnly ? " (log-only)" : "")}: {o.ResponsesPerSecond} responses, {o.RateOf(ResponseClass.NxDomain)} NXDOMAIN, {o.RateOf(ResponseClass.Error)} errors per second per /{o.IPv4PrefixLength} and /{o.IPv6PrefixLength}, window {o.Window} s, slip {o.Slip}, {o.Exempt.Count} exempt networks, {o.TableSize} buckets");
    }
}
