using GeoDns.Core.Zones;

namespace GeoDns.Core.Protocol;

// CONTRACT STUB — the protocol helper replaces this with the real pipeline
// (QueryParser → ZoneSet.Lookup → ResponseWriter).
/// <summary>The query pipeline: bytes in, bytes out. Thread-safe; each worker passes its own scratch.</summary>
public sealed class QueryProcessor
{
    public QueryProcessor(ZoneStore zones, ProtocolOptions options)
    {
        Zones = zones;
        Options = options;
    }

    public ZoneStore Zones { get; }
    public ProtocolOptions Options { get; }

    /// <summary>
    /// Answers one query. Writes the response into <paramref name="response"/> (at least 65535
    /// bytes for TCP, at least <see cref="ProtocolOptions.MaxUdpPayload"/> for UDP) and returns
    /// its length, or 0 when the query gets no reply (QR=1, shorter than a header).
    /// </summary>
    public int Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch) => 0;
}
