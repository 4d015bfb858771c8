using System.Net;

namespace GeoDns.Server.Explain;

/// <summary>An echoed EDNS Client Subnet option.</summary>
internal sealed record EcsEcho(IPAddress Address, int SourcePrefix, int ScopePrefix);
