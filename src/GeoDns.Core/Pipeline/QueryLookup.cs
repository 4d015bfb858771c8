using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// How <see cref="QueryProcessor"/> finds the records of an IN / ANY query: chosen once, when the
/// processor is built, so the query path has a single call site and no per-query branch. The
/// server always uses <see cref="EngineLookup"/> (the zone data through <see cref="LookupEngine"/>);
/// tests and benchmarks that feed the reply builder hand-built results supply their own.
/// </summary>
internal abstract class QueryLookup
{
    /// <summary>
    /// Fills <paramref name="result"/> (already reset) for <paramref name="qname"/> /
    /// <paramref name="qtype"/>, with the client's region preference <paramref name="order"/> in
    /// <paramref name="geo"/> (the snapshot this query reads).
    /// </summary>
    public abstract void Lookup(ServingSnapshot geo, ReadOnlySpan<int> order, ReadOnlySpan<byte> qname, ushort qtype, LookupResult result);
}
