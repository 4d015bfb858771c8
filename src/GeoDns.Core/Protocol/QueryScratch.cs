using GeoDns.Core.Resolution;

namespace GeoDns.Core.Protocol;

// CONTRACT STUB — the protocol helper may add members (compression table, …).
/// <summary>Per-worker reusable state for one query at a time, so the query path allocates nothing.</summary>
public sealed class QueryScratch
{
    public LookupResult Lookup { get; } = new();
}
