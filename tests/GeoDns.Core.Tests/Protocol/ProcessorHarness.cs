using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>A QueryProcessor whose lookup is replaced by a hand-built result.</summary>
internal sealed class ProcessorHarness
{
    private readonly byte[] _buffer = new byte[65535];

    public ProcessorHarness(ProtocolOptions? options = null, Action<LookupResult>? fill = null)
    {
        Processor = new QueryProcessor(new ServingState(ServingSnapshot.None with { Zones = ZoneSet.Empty }), options ?? new ProtocolOptions(), new FakeLookup((qname, qtype, result) =>
        {
            LookupCalls++;
            LastQName = qname.ToArray();
            LastQType = qtype;
            if (fill is null) result.Outcome = LookupOutcome.Refused;
            else fill(result);
        }));
    }

    public QueryProcessor Processor { get; }
    public QueryScratch Scratch { get; } = new();
    public int LookupCalls { get; private set; }
    public byte[]? LastQName { get; private set; }
    public ushort LastQType { get; private set; }

    public int RawProcess(byte[] query, Transport transport = Transport.Udp, int bufferLength = 65535)
    {
        var context = new QueryContext(transport, 0x7F000001, false);
        return Processor.Process(query, _buffer.AsSpan(0, bufferLength), context, Scratch);
    }

    /// <summary>Decodes the last <paramref name="length"/> bytes written by <see cref="RawProcess"/>.</summary>
    public ResponseReader RawProcessResult(int length) => new(_buffer.AsSpan(0, length));

    /// <summary>Processes and decodes; null when there is no reply.</summary>
    public ResponseReader? Run(byte[] query, Transport transport = Transport.Udp)
    {
        int length = RawProcess(query, transport);
        return length == 0 ? null : new ResponseReader(_buffer.AsSpan(0, length));
    }

    public ResponseReader Answer(byte[] query, Transport transport = Transport.Udp) =>
        Run(query, transport) ?? throw new Xunit.Sdk.XunitException("expected a reply");

    public static SectionEntry Entry(RRset set, uint? ttl = null, bool required = false) =>
        new() { Set = set, Ttl = ttl ?? set.Ttl, Required = required };

    public static void Fill(LookupResult result, LookupOutcome outcome, bool authoritative,
        SectionEntry[]? answer = null, SectionEntry[]? authority = null, SectionEntry[]? additional = null)
    {
        result.Outcome = outcome;
        result.Authoritative = authoritative;
        foreach (SectionEntry e in answer ?? []) result.Answer[result.AnswerCount++] = e;
        foreach (SectionEntry e in authority ?? []) result.Authority[result.AuthorityCount++] = e;
        foreach (SectionEntry e in additional ?? []) result.Additional[result.AdditionalCount++] = e;
    }
}
