using GeoDns.Core.Resolution;

namespace GeoDns.Core.Zones;

// CONTRACT STUB — the zone-engine helper replaces this with the real implementation.
/// <summary>An immutable set of zones; the unit that is swapped on reload.</summary>
public sealed class ZoneSet
{
    public static ZoneSet Empty { get; } = new([]);

    public ZoneSet(IEnumerable<Zone> zones) => Zones = zones.ToArray();

    public IReadOnlyList<Zone> Zones { get; }

    /// <summary>The most specific zone containing <paramref name="name"/> (wire format, any case), or null.</summary>
    public Zone? FindZone(ReadOnlySpan<byte> name) => null;

    /// <summary>
    /// Answers (qname, qtype) from the zone data into <paramref name="result"/> (which the caller
    /// has reset). <paramref name="qname"/> is the wire-format question name in any case.
    /// <paramref name="regionPreference"/> lists region indices best first (empty: no geo
    /// information). Allocates nothing.
    /// </summary>
    public void Lookup(ReadOnlySpan<byte> qname, ushort qtype, ReadOnlySpan<int> regionPreference, LookupResult result)
        => result.Outcome = LookupOutcome.Refused;
}
