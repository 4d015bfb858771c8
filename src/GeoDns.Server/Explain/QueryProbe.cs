using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;

namespace GeoDns.Server.Explain;

/// <summary>
/// Sends one query through a real <see cref="QueryProcessor"/> (over TCP, so nothing is truncated)
/// and reads back what a client gets: the response header and ECS echo from the bytes, the records
/// from the lookup that wrote them. Shared by <c>geodns explain</c> and the policy tests. Not for
/// the query path: it allocates freely.
/// </summary>
internal static class QueryProbe
{
    /// <param name="source">The packet's source address.</param>
    /// <param name="ecsAddress">The EDNS Client Subnet address to send (bits beyond the prefix clear), or null for none.</param>
    /// <param name="response">A buffer of <see cref="QueryProcessor.MaxTcpMessage"/> bytes to reuse, or null for a new one.</param>
    public static ProbeResult Run(QueryProcessor processor, QueryScratch scratch, ReadOnlySpan<byte> qname, ushort qtype,
        IPAddress source, IPAddress? ecsAddress, int ecsPrefix, byte[]? response = null)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(source);
        byte[] query = ExplainQuery.Build(qname, qtype, ecsAddress, ecsPrefix);
        if (response is null || response.Length < QueryProcessor.MaxTcpMessage) response = new byte[QueryProcessor.MaxTcpMessage];
        var result = scratch.Lookup;
        result.Reset(); // an rcode-only reply runs no lookup: leave nothing from an earlier query
        int length = processor.Process(query, response, QueryContext.From(Transport.Tcp, source), scratch);
        var summary = ExplainQuery.Read(response.AsSpan(0, length));
        return new ProbeResult(summary, result.Outcome, result.RegionDependent,
            Records(result, result.Answer, result.AnswerCount), Records(result, result.Authority, result.AuthorityCount));
    }

    private static List<ProbeRecord> Records(LookupResult result, SectionEntry[] entries, int count)
    {
        var records = new List<ProbeRecord>();
        for (int i = 0; i < count; i++)
        {
            var entry = entries[i];
            byte[] owner = result.OwnerOf(entry).ToArray();
            var set = entry.Set;
            if (entry.SynthesizedCname)
            {
                records.Add(new ProbeRecord(owner, RRType.CNAME, set.Class, entry.Ttl, result.TargetOf(entry).ToArray(), set.Region, Synthesized: true));
                continue;
            }
            foreach (var rdata in set)
                records.Add(new ProbeRecord(owner, set.Type, set.Class, entry.Ttl, rdata.ToArray(), set.Region, Synthesized: false));
        }
        return records;
    }
}
