namespace GeoDns.Server.Explain;

/// <summary>
/// Why a client gets its answer, as data: <c>geodns explain</c> prints it as text and the admin
/// API's <c>GET /v1/explain</c> returns it as JSON. Built by <see cref="Explainer"/>.
/// </summary>
internal sealed record Explanation(
    string Name,
    string Type,
    ExplainClient Client,
    ExplainDatabase Database,
    ExplainRule? Rule,
    IReadOnlyList<ExplainRegion> Order,
    ExplainAnswer Answer,
    ExplainScope Scope);

/// <summary>The client as the query presents it: an ECS prefix (<see cref="Ecs"/>) or the packet's source address.</summary>
internal sealed record ExplainClient(string Address, int Prefix, bool Ecs, bool Masked);

/// <summary>What the GeoIP database says (<see cref="Configured"/> false: none).</summary>
internal sealed record ExplainDatabase(bool Configured, string? DatabaseType, string? Network, bool HasRecord,
    string? Continent, string? Country, string? Subdivision, double? Latitude, double? Longitude);

/// <summary>The CIDR rule that matched and its regions, best first.</summary>
internal sealed record ExplainRule(string Network, IReadOnlyList<string> Regions);

/// <summary>One position of the client's region order, with the reason and the live state.</summary>
internal sealed record ExplainRegion(int Position, string Name, string Reason, string State);

/// <summary>The real processor's response.</summary>
internal sealed record ExplainAnswer(string Rcode, bool Authoritative, bool Truncated, int AnswerRecords,
    IReadOnlyList<ExplainRecord> Answer, IReadOnlyList<ExplainRecord> Authority, uint? Ttl);

/// <summary>One record in presentation format and where it came from ("region eu-west", "no region", "synthesized from a DNAME").</summary>
internal sealed record ExplainRecord(string Record, string From);

/// <summary>The ECS scope: <see cref="Echo"/> is the echoed option (null when the response carries none).</summary>
internal sealed record ExplainScope(bool RegionDependent, int LocationScope, ExplainEcsEcho? Echo);

internal sealed record ExplainEcsEcho(string Address, int SourcePrefix, int ScopePrefix);
