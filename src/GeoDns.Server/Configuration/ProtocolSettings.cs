using GeoDns.Core.Pipeline;

namespace GeoDns.Server.Configuration;

/// <summary>The query processor's protocol settings from the configuration (the server, <c>geodns explain</c> and the policy tests use the same).</summary>
internal static class ProtocolSettings
{
    public static ProtocolOptions For(GeoDnsConfiguration configuration)
    {
        var options = configuration.Options;
        return new ProtocolOptions
        {
            MaxUdpPayload = options.MaxUdpPayload,
            Identity = string.IsNullOrEmpty(options.Identity) ? null : options.Identity,
            Version = string.IsNullOrEmpty(options.Version) ? null : options.Version,
        };
    }
}
