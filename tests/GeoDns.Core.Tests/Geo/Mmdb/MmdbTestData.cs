using System.Net;
using GeoDns.Core.Geo;
using GeoDns.Core.Geo.Mmdb;
using MaxMind.Db;

namespace GeoDns.Core.Tests.Geo.Mmdb;

/// <summary>Generated networks, addresses and the official reader (MaxMind.Db) as oracle.</summary>
internal static class MmdbTestData
{
    public static readonly GeoLocation[] Pool =
    [
        new("NA", "US", "US-CA", 37.39, -122.08),
        new("NA", "US", "US-VA", 39.04, -77.49),
        new("NA", "US", null, 37.751, -97.822),
        new("EU", "IE", "IE-D", 53.35, -6.26),
        new("EU", "DE", null, 51.2993, 9.491),
        new("EU", null, null, null, null),
        new("AS", "JP", "JP-13", 35.6893, 139.6899),
        new("OC", "AU", "AU-NSW", -33.8688, 151.2093),
        new("SA", "BR", "BR-SP", -23.5505, -46.6333),
        new("AF", "ZA", null, -30.5595, 22.9375),
        new(null, "CA", "CA-QC", null, null),
        new(null, null, null, 0.0, 0.0),
        new(null, null, null, null, null),
    ];

    public static UInt128 ToUInt128(IPAddress address) => MmdbAddress.ToUInt128(address);

    public static IPAddress ToIPAddress(UInt128 value, bool isIPv6) => MmdbAddress.ToIPAddress(value, isIPv6);

    /// <summary>Random networks: IPv4 with prefixes 4–30 and IPv6 under a few /16s with prefixes 12–64 (overlaps are likely).</summary>
    public static List<(IPNetwork Network, GeoLocation Location)> RandomNetworks(Random random, int ipv4Count, int ipv6Count)
    {
        var result = new List<(IPNetwork, GeoLocation)>();
        var seen = new HashSet<IPNetwork>();
        while (result.Count < ipv4Count)
        {
            int prefix = random.Next(4, 31);
            uint address = (uint)random.NextInt64(0, 1L << 32) & (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix));
            var network = new IPNetwork(ToIPAddress(address, false), prefix);
            if (seen.Add(network))
            {
                result.Add((network, Pool[random.Next(Pool.Length)]));
            }
        }

        ushort[] tops = [0x2001, 0x2400, 0x2a00, 0x2c0f];
        while (result.Count < ipv4Count + ipv6Count)
        {
            int prefix = random.Next(12, 65);
            UInt128 address = ((UInt128)tops[random.Next(tops.Length)] << 112) | ((UInt128)(ulong)random.NextInt64() << 64) | (ulong)random.NextInt64();
            address &= UInt128.MaxValue << (128 - prefix);
            var network = new IPNetwork(ToIPAddress(address, true), prefix);
            if (seen.Add(network))
            {
                result.Add((network, Pool[random.Next(Pool.Length)]));
            }
        }

        return result;
    }

    /// <summary>Addresses inside the networks (random host bits), plus fully random ones.</summary>
    public static List<IPAddress> RandomAddresses(Random random, List<(IPNetwork Network, GeoLocation Location)> networks, int count)
    {
        var result = new List<IPAddress>(count);
        for (int i = 0; i < count; i++)
        {
            bool inside = i % 3 != 0 && networks.Count > 0;
            bool v4 = i % 2 == 0;
            if (inside)
            {
                IPNetwork network = networks[random.Next(networks.Count)].Network;
                bool isV6 = network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
                int bits = isV6 ? 128 : 32;
                UInt128 host = ((UInt128)(ulong)random.NextInt64() << 64) | (ulong)random.NextInt64();
                UInt128 mask = network.PrefixLength == 0 ? 0 : (bits == 128 ? UInt128.MaxValue : uint.MaxValue) << (bits - network.PrefixLength);
                UInt128 full = bits == 128 ? UInt128.MaxValue : uint.MaxValue;
                UInt128 value = (ToUInt128(network.BaseAddress) & mask) | (host & ~mask & full);
                result.Add(ToIPAddress(value, isV6));
            }
            else if (v4)
            {
                result.Add(ToIPAddress((uint)random.NextInt64(0, 1L << 32), false));
            }
            else
            {
                UInt128 value = ((UInt128)(ulong)random.NextInt64() << 64) | (ulong)random.NextInt64();
                result.Add(ToIPAddress(value, true));
            }
        }

        return result;
    }

    /// <summary>The location of the most specific network containing the address (the writer's rule), or null.</summary>
    public static GeoLocation? MostSpecific(List<(IPNetwork Network, GeoLocation Location)> networks, IPAddress address)
    {
        GeoLocation? best = null;
        int bestPrefix = -1;
        foreach (var (network, location) in networks)
        {
            if (network.Contains(address) && network.PrefixLength > bestPrefix)
            {
                best = location;
                bestPrefix = network.PrefixLength;
            }
        }

        return best;
    }

    public static Reader Oracle(byte[] database) => new(new MemoryStream(database));

    /// <summary>Looks the address up with the official reader; null when there is no data.</summary>
    public static GeoLocation? OracleFind(Reader reader, IPAddress address, out int prefixLength)
    {
        var record = reader.Find<Dictionary<string, object>>(address, out prefixLength);
        if (record is null)
        {
            return null;
        }

        string? continent = Field(record, "continent", "code");
        string? country = Field(record, "country", "iso_code");
        string? subdivision = null;
        if (record.TryGetValue("subdivisions", out object? subdivisions) && subdivisions is IList<object> list && list.Count > 0
            && list[0] is IDictionary<string, object> first && first.TryGetValue("iso_code", out object? code))
        {
            subdivision = country + "-" + (string)code;
        }

        double? latitude = null;
        double? longitude = null;
        if (record.TryGetValue("location", out object? location) && location is IDictionary<string, object> coordinates)
        {
            latitude = (double)coordinates["latitude"];
            longitude = (double)coordinates["longitude"];
        }

        return new GeoLocation(continent, country, subdivision, latitude, longitude);
    }

    private static string? Field(Dictionary<string, object> record, string map, string key) =>
        record.TryGetValue(map, out object? value) && value is IDictionary<string, object> inner && inner.TryGetValue(key, out object? text)
            ? (string)text
            : null;
}
