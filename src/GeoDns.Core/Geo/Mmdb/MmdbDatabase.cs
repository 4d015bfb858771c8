namespace GeoDns.Core.Geo.Mmdb;

/// <summary>
/// A MaxMind DB (GeoIP2/GeoLite2 City or Country schema, or one from <see cref="MmdbWriter"/>)
/// decoded for the query path. At open the search tree is read once into a flat array of
/// records; every data record the tree points to is decoded into a <see cref="GeoLocation"/>
/// (equal locations share one id) and the tree's data pointers are rewritten to location ids,
/// so <see cref="TryFind"/> is a walk over an <c>uint[]</c> and nothing else. The nodes are
/// renumbered so that three levels of a subtree share a cache line or two (fewer cache misses
/// per lookup in a tree of tens of megabytes). The file itself is
/// not kept: the decoded tree (8 bytes a node) is smaller than the file and needs no
/// record-size arithmetic per step, so there is nothing to memory-map.
/// </summary>
public sealed partial class MmdbDatabase : IGeoDatabase
{
    // _tree[2n] / _tree[2n+1]: left / right record of node n. A value below _nodeCount is a
    // node, _nodeCount is "no data", _nodeCount + 1 + id is location id.
    private readonly uint[] _tree;
    private readonly uint _nodeCount;
    private readonly GeoLocation[] _locations;

    // Where an IPv4 lookup starts: the root of an IPv4 tree, or the record reached after 96 zero
    // bits in an IPv6 tree (a leaf when the walk hit one earlier).
    private readonly uint _ipv4Start;

    private MmdbDatabase(uint[] tree, uint nodeCount, GeoLocation[] locations, int ipVersion, int recordSize,
        DateTimeOffset buildTime, string databaseType)
    {
        _tree = tree;
        _nodeCount = nodeCount;
        _locations = locations;
        IpVersion = ipVersion;
        RecordSize = recordSize;
        BuildTime = buildTime;
        DatabaseType = databaseType;

        uint record = 0;
        int depth = 0;
        if (ipVersion == 6)
        {
            while (depth < 96 && record < nodeCount)
            {
                record = tree[record * 2];
                depth++;
            }
        }

        _ipv4Start = record;
    }

    /// <inheritdoc/>
    public int LocationCount => _locations.Length;

    /// <inheritdoc/>
    public DateTimeOffset BuildTime { get; }

    /// <inheritdoc/>
    public string DatabaseType { get; }

    /// <summary>Metadata ip_version: 4 or 6.</summary>
    public int IpVersion { get; }

    /// <summary>Metadata node_count.</summary>
    public int NodeCount => (int)_nodeCount;

    /// <summary>Metadata record_size: 24, 28 or 32.</summary>
    public int RecordSize { get; }

    /// <inheritdoc/>
    public GeoLocation GetLocation(int locationId) => _locations[locationId];

    /// <inheritdoc/>
    public bool TryFind(UInt128 address, bool isIPv6, out int locationId, out int prefixLength)
    {
        uint[] tree = _tree;
        uint nodeCount = _nodeCount;
        uint record;
        int depth;
        if (isIPv6)
        {
            if (IpVersion == 4)
            {
                locationId = -1;
                prefixLength = 0;
                return false;
            }

            ulong high = (ulong)(address >> 64);
            ulong low = (ulong)address;
            record = 0;
            depth = 0;
            while (depth < 64 && record < nodeCount)
            {
                record = tree[(record << 1) | (uint)(high >> (63 - depth)) & 1];
                depth++;
            }

            while (depth < 128 && record < nodeCount)
            {
                record = tree[(record << 1) | (uint)(low >> (127 - depth)) & 1];
                depth++;
            }
        }
        else
        {
            // Starts at the root of an IPv4 database, or at the node after ::/96 of an IPv6 one
            // (when ::/96 lies inside a larger block, _ipv4Start is that block's record and the
            // loop ends at once: the whole IPv4 space is that block, prefix 0).
            uint v4 = (uint)address;
            record = _ipv4Start;
            depth = 0;
            while (depth < 32 && record < nodeCount)
            {
                record = tree[(record << 1) | (v4 >> (31 - depth)) & 1];
                depth++;
            }
        }

        prefixLength = depth;
        if (record > nodeCount)
        {
            locationId = (int)(record - nodeCount - 1);
            return true;
        }

        // No data, or a tree deeper than the address (not a valid database; never produced by Load).
        locationId = -1;
        return false;
    }
}
