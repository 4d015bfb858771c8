namespace GeoDns.Server.PolicyTests;

/// <summary>A region named in <c>down</c>, with the column it was written at (for the unknown-region error).</summary>
internal sealed record PolicyRegionRef(string Name, int Column);
