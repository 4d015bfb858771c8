namespace GeoDns.Core.Geo;

/// <summary>
/// A GeoIP database opened for the query path. Every distinct data record of the database is
/// numbered at open time (<c>locationId</c> 0..<see cref="LocationCount"/>-1), so a lookup is a
/// tree walk that returns two integers and allocates nothing.
/// </summary>
public interface IGeoDatabase
{
    /// <summary>Number of distinct locations (data records).</summary>
    int LocationCount { get; }

    /// <summary>The location with this id (load time, explain; not the query path).</summary>
    GeoLocation GetLocation(int locationId);

    /// <summary>
    /// Finds the network containing <paramref name="address"/> (IPv4 in the low 32 bits when
    /// <paramref name="isIPv6"/> is false; an IPv4 address is looked up in an IPv6 database
    /// through ::/96 as MaxMind does). <paramref name="prefixLength"/> is the length of the
    /// network found — or, when there is no data, of the empty block the walk ended in — counted
    /// in the address's own family (0–32 for IPv4, 0–128 for IPv6). Allocation-free, thread-safe.
    /// </summary>
    bool TryFind(UInt128 address, bool isIPv6, out int locationId, out int prefixLength);

    /// <summary>Database build time (metadata build_epoch).</summary>
    DateTimeOffset BuildTime { get; }

    /// <summary>Metadata database_type, e.g. "GeoLite2-City".</summary>
    string DatabaseType { get; }
}
