using GeoDns.Core.Dns;


namespace GeoDns.Core.Zones;

/// <summary>An immutable set of zones; the unit that is swapped on reload.</summary>
public sealed class ZoneSet
{
    private readonly Dictionary<byte[], Zone> _byOrigin;
    private readonly Dictionary<byte[], Zone>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly int _longestOrigin;

    public static ZoneSet Empty { get; } = new([]);

    /// <exception cref="ArgumentException">Two zones have the same origin.</exception>
    public ZoneSet(IEnumerable<Zone> zones)
    {
        var list = zones.ToArray();
        _byOrigin = new Dictionary<byte[], Zone>(list.Length, WireNameComparer.Instance);
        foreach (var zone in list)
        {
            if (!_byOrigin.TryAdd(zone.Origin, zone))
            {
                throw new ArgumentException($"two zones have the origin {zone.Name}", nameof(zones));
            }
            _longestOrigin = Math.Max(_longestOrigin, zone.Origin.Length);
        }
        _lookup = _byOrigin.GetAlternateLookup<ReadOnlySpan<byte>>();
        Zones = list;
    }

    public IReadOnlyList<Zone> Zones { get; }

    /// <summary>The most specific zone containing <paramref name="name"/> (wire format, any case), or null.</summary>
    public Zone? FindZone(ReadOnlySpan<byte> name)
    {
        int length = DnsName.Measure(name);
        if (length < 0) return null;
        Span<byte> lower = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < length; i++) lower[i] = DnsName.ToLower(name[i]);
        return FindZoneLower(lower[..length]);
    }

    /// <summary>Most specific zone of a lower-cased wire name: probe its suffixes, longest first.</summary>
    internal Zone? FindZoneLower(ReadOnlySpan<byte> lowerName)
    {
        if (_byOrigin.Count == 0) return null;
        int offset = 0;
        while (lowerName.Length - offset > _longestOrigin && lowerName[offset] != 0) offset += lowerName[offset] + 1;
        while (true)
        {
            if (_lookup.TryGetValue(lowerName[offset..], out var zone)) return zone;
            if (lowerName[offset] == 0) return null;
            offset += lowerName[offset] + 1;
        }
    }

    /// <summary>
    /// Like <see cref="FindZoneLower"/>, except that a DS question for the apex of a zone whose
    /// parent we also serve (with the delegation) goes to the parent (RFC 4035 §3.1.4.1).
    /// </summary>
    internal Zone? FindZoneForLookup(ReadOnlySpan<byte> lowerName, ushort qtype)
    {
        var zone = FindZoneLower(lowerName);
        if (qtype != RRType.DS || zone is null || zone.Origin.Length != lowerName.Length || lowerName.Length == 1) return zone;
        var parent = FindZoneLower(lowerName[(lowerName[0] + 1)..]);
        int cut = parent is null ? ZoneNode.None : parent.FindNode(lowerName);
        return cut != ZoneNode.None && parent!.NodeAt(cut).Cut == cut ? parent : zone;
    }
}
