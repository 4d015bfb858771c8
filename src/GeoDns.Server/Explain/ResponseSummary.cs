namespace GeoDns.Server.Explain;

/// <summary>What <c>explain</c> reads back from the response.</summary>
internal sealed record ResponseSummary(int Rcode, bool Authoritative, bool Truncated, EcsEcho? Ecs);
