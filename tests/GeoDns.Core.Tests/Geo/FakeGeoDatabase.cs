using System.Net;
using GeoDns.Core.Geo;

namespace GeoDns.Core.Tests.Geo;

/// <summary>
/// An in-memory <see cref="IGeoDatabase"/> over non-overlapping networks, answering the way a
/// MaxMind tree walk does: the prefix of the network found, or of the largest empty block around
/// the address. Lookups are a linear scan over arrays (allocation-free).
/// </summary>
internal sealed class FakeGeoDatabase : IGeoDatabase
{
    private readonly List<GeoLocation> _locations = [];
    private readonly List<(UInt128 Network, bool IsIPv6, int Prefix, int Location)> _networks = [];

    public int LocationCount => _locations.Count;

    public DateTimeOffset BuildTime => DateTimeOffset.UnixEpoch;

    public string DatabaseType => "Fake-City";

    public IReadOnlyList<(UInt128 Network, bool IsIPv6, int Prefix, int Location)> Networks => _networks;

    public int AddLocation(GeoLocation location)
    {
        _locations.Add(location);
        return _locations.Count - 1;
    }

    /// <summary>Adds a network unless it overlaps one already present; returns whether it was added.</summary>
    public bool TryAdd(UInt128 network, bool isIPv6, int prefix, int location)
    {
        int bits = isIPv6 ? 128 : 32;
        network = Mask(network, bits, prefix);
        foreach (var n in _networks)
        {
            if (n.IsIPv6 == isIPv6 && CommonPrefix(n.Network, network, bits) >= Math.Min(n.Prefix, prefix))
            {
                return false;
            }
        }

        _networks.Add((network, isIPv6, prefix, location));
        return true;
    }

    public void Add(string cidr, int location)
    {
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(cidr[..slash]);
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        if (!TryAdd(value, bytes.Length == 16, int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture), location))
        {
            throw new ArgumentException("overlapping network " + cidr);
        }
    }

    public GeoLocation GetLocation(int locationId) => _locations[locationId];

    public bool TryFind(UInt128 address, bool isIPv6, out int locationId, out int prefixLength)
    {
        int bits = isIPv6 ? 128 : 32;
        int empty = 0;
        for (int i = 0; i < _networks.Count; i++)
        {
            var n = _networks[i];
            if (n.IsIPv6 != isIPv6)
            {
                continue;
            }

            int common = CommonPrefix(n.Network, address, bits);
            if (common >= n.Prefix)
            {
                locationId = n.Location;
                prefixLength = n.Prefix;
                return true;
            }

            empty = Math.Max(empty, common + 1);
        }

        locationId = -1;
        prefixLength = empty;
        return false;
    }

    public static int CommonPrefix(UInt128 a, UInt128 b, int bits)
    {
        UInt128 diff = (a ^ b) << (128 - bits);
        return diff == 0 ? bits : (int)UInt128.LeadingZeroCount(diff);
    }

    public static UInt128 Mask(UInt128 value, int bits, int prefix)
    {
        int host = bits - prefix;
        UInt128 hostMask = host <= 0 ? UInt128.Zero : host >= 128 ? UInt128.MaxValue : (UInt128.One << host) - 1;
        return value & ~hostMask;
    }
}
