using GeoDns.Core.Geo;
using GeoDns.Core.Health;

namespace GeoDns.Core.Resolution;

/// <summary>
/// What the lookup needs to choose among <c>$REGION</c> RRsets: the client's preference order
/// (region indices, best first; empty = no geo information), the health of the regions and the
/// policy when no region that defines an RRset is up. A stack-only value; allocates nothing.
/// </summary>
public readonly ref struct RegionPreference
{
    public RegionPreference(ReadOnlySpan<int> order, HealthSnapshot? health = null, AllDownPolicy allDown = AllDownPolicy.First)
    {
        Order = order;
        Health = health ?? HealthSnapshot.AllUp;
        AllDown = allDown;
    }

    public ReadOnlySpan<int> Order { get; }
    public HealthSnapshot Health { get; }
    public AllDownPolicy AllDown { get; }
}
