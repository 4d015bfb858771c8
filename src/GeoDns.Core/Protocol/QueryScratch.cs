using GeoDns.Core.Resolution;

namespace GeoDns.Core.Protocol;

/// <summary>Per-worker reusable state for one query at a time, so the query path allocates nothing.</summary>
public sealed class QueryScratch
{
    public LookupResult Lookup { get; } = new();

    /// <summary>What happened to the last query processed with this scratch (read by the listener after <see cref="QueryProcessor.Process"/>).</summary>
    public QueryOutcome Outcome { get; } = new();

    /// <summary>Names written into the response so far (compression targets).</summary>
    internal CompressionTable Compression { get; } = new();
}
