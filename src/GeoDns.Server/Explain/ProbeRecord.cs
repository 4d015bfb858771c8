using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Server.Explain;

/// <summary>
/// One record of a probed response as the lookup placed it: owner (wire form), type, TTL written,
/// uncompressed RDATA, the <c>$REGION</c> index of its RRset (<see cref="RRset.NoRegion"/> for
/// region-less data) and whether it is a CNAME synthesized from a DNAME.
/// </summary>
internal sealed record ProbeRecord(byte[] Owner, ushort Type, ushort Class, uint Ttl, byte[] Rdata, int Region, bool Synthesized)
{
    /// <summary>The record in master-file form (<c>www.example.com. 60 IN A 192.0.2.1</c>).</summary>
    public string Format() => MasterFileWriter.FormatRecord(new ZoneRecord(Owner, Type, Class, Ttl, Rdata, null, default));
}
