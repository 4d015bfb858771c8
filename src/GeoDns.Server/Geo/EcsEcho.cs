using System.Net;

namespace GeoDns.Server.Geo;

/// <summary>An echoed EDNS Client Subnet option.</summary>
internal sealed record EcsEcho(IPAddress Address, int SourcePrefix, int ScopePrefix);
