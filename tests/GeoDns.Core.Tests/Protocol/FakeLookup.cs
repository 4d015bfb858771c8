using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>Fills a lookup result by hand, for tests that feed the reply builder results no zone holds.</summary>
internal delegate void FakeLookupFill(ReadOnlySpan<byte> qname, ushort qtype, LookupResult result);

/// <summary>A <see cref="QueryLookup"/> that calls <see cref="FakeLookupFill"/> instead of looking in the zones.</summary>
internal sealed class FakeLookup(FakeLookupFill fill) : QueryLookup
{
    public override void Lookup(ServingSnapshot geo, ReadOnlySpan<int> order, ReadOnlySpan<byte> qname, ushort qtype, LookupResult result) =>
        fill(qname, qtype, result);
}
