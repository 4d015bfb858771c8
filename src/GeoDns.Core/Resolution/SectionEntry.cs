using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// One RRset placed in a response section. The owner is <see cref="Set"/>'s owner unless
/// <see cref="OwnerLength"/> &gt; 0, in which case it is the name at
/// <c>LookupResult.Names[OwnerStart..]</c> (wildcard expansion, DNAME synthesis).
/// When <see cref="SynthesizedCname"/> is set the entry is a CNAME synthesized from a DNAME
/// (RFC 6672): one record whose target is <c>LookupResult.Names[TargetStart..+TargetLength]</c>,
/// and <see cref="Set"/> is the DNAME RRset it came from.
/// <see cref="Ttl"/> is the TTL to write (already capped where a rule says so).
/// <see cref="Required"/> (additional section only): when the entry does not fit, the writer sets
/// TC (in-domain referral glue, RFC 9471); otherwise additional data that does not fit is left out.
/// Answer and authority entries are always required.
/// </summary>
public struct SectionEntry
{
    public RRset Set;
    public uint Ttl;
    public int OwnerStart;
    public int OwnerLength;
    public bool SynthesizedCname;
    public int TargetStart;
    public int TargetLength;
    public bool Required;
}
