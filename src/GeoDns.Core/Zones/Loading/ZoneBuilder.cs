using System.Runtime.InteropServices;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Zones.Loading;

/// <summary>
/// Zone-level validation and construction of the immutable <see cref="Zone"/> from parsed records.
/// Every problem is reported (with the location of the record it concerns); any error means no zone.
/// <list type="bullet">
/// <item>Errors: no SOA / more than one SOA at the apex, SOA elsewhere, no NS at the apex, CNAME beside
/// other data (RFC 1034 §3.6.2, RFC 2181 §10.1; RRSIG/NSEC may coexist), more than one CNAME at a name
/// (per region: a name may have one CNAME in each <c>$REGION</c>), more than one DNAME at a name,
/// owners outside the origin, a class other than the zone's, records at or below a delegation point
/// other than NS/DS at the cut and A/AAAA glue, any record below a DNAME owner (RFC 6672 §2.3, as
/// Knot's semantic checks; BIND instead hides such data silently), NS at a wildcard name, and
/// SOA/NS/DS/DNAME inside a <c>$REGION</c> (zone structure is the same for every client).</item>
/// <item>Warnings: duplicate identical records (one kept), TTLs differing inside an RRset (the first
/// record's TTL is used, RFC 2181 §5.2).</item>
/// </list>
/// Records are grouped in flat arrays (owner → linked sets → linked records by index) so a
/// million-record zone does not cost a million small objects before the nodes are built.
/// </summary>
internal sealed class ZoneBuilder
{
    private const int None = -1;

    private readonly byte[] _origin;
    private readonly RecordTable _records;
    private readonly List<Diagnostic> _found = [];
    private readonly Dictionary<byte[], int> _ownerIds;
    private readonly List<OwnerInfo> _owners;
    private SetInfo[] _sets;
    private int _setCount;
    private int[] _nextRecord;
    private readonly List<int> _parent = [];
    private int _ownerCount;
    private int _recordCount;

    private ZoneBuilder(byte[] origin, RecordTable records)
    {
        _origin = origin;
        _records = records;
        _nextRecord = new int[records.Count];

        // Master files mostly list a name's records together: count owner changes to size the
        // tables once (the dictionary is the zone's own index, so no large over-allocation).
        int owners = 0;
        byte[]? previous = null;
        for (int i = 0; i < records.Count; i++)
        {
            var owner = records.Owner(i);
            if (!ReferenceEquals(owner, previous) && (previous is null || !owner.AsSpan().SequenceEqual(previous))) owners++;
            previous = owner;
        }
        int capacity = owners + owners / 8 + 16;
        _ownerIds = new Dictionary<byte[], int>(capacity, WireNameComparer.Instance);
        _owners = new List<OwnerInfo>(capacity);
        _sets = new SetInfo[Math.Max(16, owners + owners / 4)];
    }

    public static Zone? Build(
        byte[] origin,
        RecordTable records,
        IReadOnlyList<string> files,
        RegionRegistry regions,
        SourceLocation zoneLocation,
        List<Diagnostic> diagnostics,
        bool hasEarlierErrors)
    {
        var builder = new ZoneBuilder(origin, records);
        builder.Group(regions, hasEarlierErrors);
        int apex = builder._ownerIds.GetValueOrDefault(origin, None);
        builder.LinkParents();
        builder.CheckApex(apex, zoneLocation);
        for (int id = 0; id < builder._ownerCount; id++) builder.CheckOwner(id, apex);

        // Report in file order (the checks above run per name, not per line).
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++) fileOrder.TryAdd(files[i], i);
        var sorted = builder._found
            .Select((d, i) => (d, i))
            .OrderBy(x => fileOrder.GetValueOrDefault(x.d.Location.File, int.MaxValue))
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d);
        diagnostics.AddRange(sorted);

        if (hasEarlierErrors || apex == None || builder._found.Any(d => d.IsError)) return null;

        // The parse table is the largest temporary of a load: copy the RDATA out, then let it go
        // before the nodes are allocated.
        var soaLocation = builder.Location(builder.FindAnySet(apex, RRType.SOA));
        var encoded = builder.EncodeSets();
        records.Release();
        builder._nextRecord = [];
        var nodes = builder.BuildNodes(regions.Names.Count, encoded);
        ref readonly var apexNode = ref nodes[apex];
        var soa = apexNode.GroupAt(apexNode.Find(RRType.SOA)).Regionless!;
        return new Zone(origin, builder._ownerIds, nodes, soa, builder._recordCount, files, regions.Names.ToArray()) { SoaLocation = soaLocation };
    }

    /// <summary>Groups records by owner, then (type, region); collapses duplicates, unifies TTLs.</summary>
    private void Group(RegionRegistry regions, bool parserReportedErrors)
    {
        var records = _records;

        // Region numbers of the parse → numbers of this load (-1: unknown).
        var regionNames = records.RegionNames;
        var regionMap = new int[regionNames.Count];
        for (int r = 0; r < regionMap.Length; r++) regionMap[r] = regions.IndexOf(regionNames[r]);

        byte[]? previousOwner = null;
        int ownerId = None;
        for (int i = 0; i < records.Count; i++)
        {
            _nextRecord[i] = None;
            var owner = records.Owner(i);
            ushort type = records.Type(i);
            uint ttl = records.Ttl(i);

            // Consecutive records of one name share the owner array: check and look it up once.
            bool sameOwner = ReferenceEquals(owner, previousOwner);
            if (!sameOwner && !DnsName.IsAtOrBelow(owner, _origin))
            {
                Error(records.Location(i), $"{DnsName.ToString(owner)} is outside the zone origin {DnsName.ToString(_origin)}");
                continue;
            }

            int region = RRset.NoRegion;
            int parsedRegion = records.Region(i);
            if (parsedRegion >= 0)
            {
                region = regionMap[parsedRegion];
                if (region < 0)
                {
                    // The parser reports an unknown $REGION at the directive; say it here only if it did not.
                    if (!parserReportedErrors) Error(records.Location(i), $"unknown region '{regionNames[parsedRegion]}'");
                    continue;
                }
            }

            if (!sameOwner)
            {
                ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ownerIds, owner, out bool exists);
                if (!exists)
                {
                    id = _owners.Count;
                    _owners.Add(new OwnerInfo(owner));
                }
                ownerId = id;
                previousOwner = owner;
            }

            int set = FindSet(ownerId, type, region);
            if (set == None)
            {
                AddSet(ownerId, new SetInfo { Type = type, Region = region, Ttl = ttl, First = i, Last = i, Count = 1, Next = None });
                _recordCount++;
                continue;
            }

            ref var info = ref _sets[set];
            if (ContainsRdata(info, records.Rdata(i)))
            {
                Warning(records.Location(i), $"duplicate {RRTypeNames.Of(type)} record at {DnsName.ToString(owner)} ignored");
                continue;
            }
            if (ttl != info.Ttl)
            {
                Warning(records.Location(i), $"TTL {ttl} differs from the TTL {info.Ttl} of the {DnsName.ToString(owner)} {RRTypeNames.Of(type)} RRset (line {records.Location(info.First).Line}); using {info.Ttl}");
            }
            _nextRecord[info.Last] = i;
            info.Last = i;
            info.Count++;
            _recordCount++;
        }
    }

    /// <summary>
    /// Gives every name its parent id, adding the empty non-terminals (ids after the owners') so
    /// that every ancestor of an owner up to the origin exists.
    /// </summary>
    private void LinkParents()
    {
        _ownerCount = _owners.Count;
        _parent.EnsureCapacity(_ownerCount + _ownerCount / 8);
        for (int id = 0; id < _ownerCount; id++) _parent.Add(None);
        var lookup = _ownerIds.GetAlternateLookup<ReadOnlySpan<byte>>();
        int apex = _ownerIds.GetValueOrDefault(_origin, None);
        for (int id = 0; id < _ownerCount; id++)
        {
            int child = id;
            var name = _owners[id].Name;
            int offset = DnsName.ParentOffset(name);
            while (_parent[child] == None && offset >= 0 && name.Length - offset >= _origin.Length)
            {
                // Most parents are the apex or the name listed just before: no hash probe for those.
                var ancestor = name.AsSpan(offset);
                int parent = ancestor.Length == _origin.Length && apex != None ? apex
                    : id > 0 && ancestor.SequenceEqual(_owners[id - 1].Name) ? id - 1
                    : lookup.TryGetValue(ancestor, out int found) ? found
                    : None;
                if (parent != None)
                {
                    _parent[child] = parent;
                    break;
                }
                var ent = ancestor.ToArray();
                parent = _owners.Count;
                _owners.Add(new OwnerInfo(ent));
                _ownerIds.Add(ent, parent);
                _parent.Add(None);
                _parent[child] = parent;
                child = parent;
                offset = DnsName.ParentOffset(name, offset);
            }
        }
    }

    private void CheckApex(int apex, SourceLocation zoneLocation)
    {
        string originText = DnsName.ToString(_origin);
        int soa = apex == None ? None : FindAnySet(apex, RRType.SOA);
        if (soa == None)
        {
            Error(zoneLocation, $"no SOA record at the zone apex {originText}");
        }
        else
        {
            int count = 0;
            for (int set = _owners[apex].FirstSet; set != None; set = _sets[set].Next)
            {
                if (_sets[set].Type != RRType.SOA) continue;
                for (int r = _sets[set].First; r != None; r = _nextRecord[r])
                {
                    if (++count > 1) Error(_records.Location(r), $"more than one SOA record at the zone apex {originText}");
                }
            }
        }

        if (apex == None || FindAnySet(apex, RRType.NS) == None)
        {
            Error(soa == None ? zoneLocation : Location(soa), $"no NS records at the zone apex {originText}");
        }
    }

    private void CheckOwner(int id, int apex)
    {
        var ownerName = _owners[id].Name;
        bool isApex = id == apex;

        for (int set = _owners[id].FirstSet; set != None; set = _sets[set].Next)
        {
            var info = _sets[set];
            if (info.Region != RRset.NoRegion && info.Type is RRType.SOA or RRType.NS or RRType.DS or RRType.DNAME)
            {
                Error(Location(set), $"{RRTypeNames.Of(info.Type)} records cannot be region-specific ($REGION)");
            }
            if (info.Type == RRType.SOA && !isApex)
            {
                Error(Location(set), $"SOA record at {DnsName.ToString(ownerName)} is not at the zone apex {DnsName.ToString(_origin)}");
            }
            if (info.Type is RRType.CNAME or RRType.DNAME)
            {
                for (int r = _nextRecord[info.First]; r != None; r = _nextRecord[r])
                {
                    Error(_records.Location(r), $"more than one {RRTypeNames.Of(info.Type)} record at {DnsName.ToString(ownerName)}");
                }
            }
        }

        int cname = FindAnySet(id, RRType.CNAME);
        if (cname != None)
        {
            var others = new List<string>();
            for (int set = _owners[id].FirstSet; set != None; set = _sets[set].Next)
            {
                if (_sets[set].Type is RRType.CNAME or RRType.RRSIG or RRType.NSEC) continue;
                string typeName = RRTypeNames.Of(_sets[set].Type);
                if (!others.Contains(typeName)) others.Add(typeName);
            }
            if (others.Count > 0)
            {
                Error(Location(cname), $"{DnsName.ToString(ownerName)} has a CNAME and other data ({string.Join(", ", others)}); a CNAME must be the only record at its name");
            }
        }

        int ns = FindAnySet(id, RRType.NS);
        if (ownerName[0] == 1 && ownerName[1] == (byte)'*' && ns != None)
        {
            Error(Location(ns), $"NS records at the wildcard name {DnsName.ToString(ownerName)} are not supported");
        }

        if (isApex) return;

        // Ancestors up to the origin: the topmost cut strictly below the origin, any DNAME (the origin's too).
        byte[]? cutAbove = null;
        byte[]? dnameAbove = null;
        for (int above = _parent[id]; above != None; above = _parent[above])
        {
            if (above != apex && FindAnySet(above, RRType.NS) != None) cutAbove = _owners[above].Name;
            if (FindAnySet(above, RRType.DNAME) != None) dnameAbove = _owners[above].Name;
        }

        if (dnameAbove is not null)
        {
            for (int set = _owners[id].FirstSet; set != None; set = _sets[set].Next)
            {
                Error(Location(set), $"{RRTypeNames.Of(_sets[set].Type)} record at {DnsName.ToString(ownerName)} is below the DNAME at {DnsName.ToString(dnameAbove)}; names below a DNAME cannot have records (RFC 6672 section 2.3)");
            }
            return;
        }

        if (cutAbove is not null)
        {
            for (int set = _owners[id].FirstSet; set != None; set = _sets[set].Next)
            {
                if (_sets[set].Type is RRType.A or RRType.AAAA) continue;
                Error(Location(set), $"{RRTypeNames.Of(_sets[set].Type)} record at {DnsName.ToString(ownerName)} is below the delegation point {DnsName.ToString(cutAbove)}; only A/AAAA glue may be there");
            }
        }
        else if (ns != None)
        {
            for (int set = _owners[id].FirstSet; set != None; set = _sets[set].Next)
            {
                if (_sets[set].Type is RRType.NS or RRType.DS or RRType.A or RRType.AAAA or RRType.RRSIG or RRType.NSEC or RRType.CNAME) continue;
                Error(Location(set), $"{RRTypeNames.Of(_sets[set].Type)} record at the delegation point {DnsName.ToString(ownerName)} is not allowed; only NS, DS and A/AAAA glue may be there");
            }
        }
    }

    private ZoneNode[] BuildNodes(int regionCount, byte[][] encoded)
    {
        var nodes = new ZoneNode[_owners.Count];
        for (int id = 0; id < nodes.Length; id++)
        {
            nodes[id] = new ZoneNode(_owners[id].Name);
            if (id < _ownerCount) BuildGroups(ref nodes[id], id, regionCount, encoded);
        }

        // Parents before children: bucket by name length (a parent is always shorter).
        var byLength = new int[DnsName.MaxLength + 2];
        foreach (var owner in _owners) byLength[owner.Name.Length + 1]++;
        for (int i = 1; i < byLength.Length; i++) byLength[i] += byLength[i - 1];
        var ordered = new int[nodes.Length];
        for (int id = 0; id < nodes.Length; id++) ordered[byLength[_owners[id].Name.Length]++] = id;

        foreach (int id in ordered)
        {
            if (_parent[id] == None) continue;
            ref var node = ref nodes[id];
            ref var parent = ref nodes[_parent[id]];
            node.Cut = parent.Cut != ZoneNode.None ? parent.Cut
                : node.Find(RRType.NS) != ZoneNode.NoGroup ? id
                : ZoneNode.None;
            if (node.IsWildcard) parent.Wildcard = id;
        }

        var lookup = _ownerIds.GetAlternateLookup<ReadOnlySpan<byte>>();
        var sets = new List<RRset>();
        for (int id = 0; id < _ownerCount; id++)
        {
            ref readonly var node = ref nodes[id];
            for (int g = 0; g < node.GroupCount; g++)
            {
                ref readonly var group = ref node.GroupAt(g);
                if (group.Type is not (RRType.MX or RRType.SRV or RRType.NS)) continue;
                int cut = group.Type == RRType.NS && node.Cut == id ? id : ZoneNode.None;
                sets.Clear();
                group.AddAllTo(sets);
                foreach (var set in sets) set.Targets = ResolveTargets(set, cut, nodes, lookup);
            }
        }
        return nodes;
    }

    /// <summary>
    /// Where the addresses of each MX/SRV/NS target are. For the NS set of a delegation
    /// (<paramref name="cut"/> set): the node inside this zone, glue below cuts included, required
    /// when under the cut (RFC 9471). Otherwise: the node when it is authoritative data of this zone;
    /// targets outside the zone or at/below one of its cuts (a child zone we may also serve) are
    /// looked up in the zone set at query time.
    /// </summary>
    private AdditionalTarget[] ResolveTargets(RRset set, int cut, ZoneNode[] nodes, Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> lookup)
    {
        int skip = set.Type switch
        {
            RRType.MX => 2,
            RRType.SRV => 6,
            _ => 0,
        };
        var targets = new AdditionalTarget[set.Count];
        Span<byte> buffer = stackalloc byte[DnsName.MaxLength];
        int i = 0;
        foreach (var rdata in set)
        {
            int length = rdata.Length > skip ? DnsName.Measure(rdata[skip..]) : -1;
            if (length <= 1)
            {
                targets[i++] = AdditionalTarget.Nothing;
                continue;
            }
            for (int b = 0; b < length; b++) buffer[b] = DnsName.ToLower(rdata[skip + b]);
            ReadOnlySpan<byte> host = buffer[..length];
            if (!DnsName.IsAtOrBelow(host, _origin))
            {
                targets[i++] = cut == ZoneNode.None ? AdditionalTarget.InZoneSet : AdditionalTarget.Nothing;
                continue;
            }

            int node = lookup.TryGetValue(host, out int nodeId) ? nodeId : ZoneNode.None;
            if (cut != ZoneNode.None)
            {
                targets[i++] = new AdditionalTarget(node, external: false, required: DnsName.IsAtOrBelow(host, nodes[cut].Name));
                continue;
            }

            // The closest existing node tells whether the target is under a cut of this zone.
            int encloser = node;
            int offset = 0;
            while (encloser == ZoneNode.None)
            {
                offset = DnsName.ParentOffset(host, offset);
                if (lookup.TryGetValue(host[offset..], out int encloserId)) encloser = encloserId;
            }
            targets[i++] = nodes[encloser].Cut != ZoneNode.None
                ? AdditionalTarget.InZoneSet
                : new AdditionalTarget(node, external: false, required: false);
        }
        return targets;
    }

    private void BuildGroups(ref ZoneNode node, int ownerId, int regionCount, byte[][] encoded)
    {
        int first = _owners[ownerId].FirstSet;
        if (_sets[first].Next == None && _sets[first].Region == RRset.NoRegion)
        {
            // The common case: one region-less RRset at the name.
            node.SetGroup(new RRsetGroup(_sets[first].Type, ToRRset(first, ownerId, encoded), null));
            return;
        }

        int setCount = 0;
        for (int set = first; set != None; set = _sets[set].Next) setCount++;
        var types = new ushort[setCount];
        int typeCount = 0;
        for (int set = first; set != None; set = _sets[set].Next)
        {
            if (Array.IndexOf(types, _sets[set].Type, 0, typeCount) < 0) types[typeCount++] = _sets[set].Type;
        }
        Array.Sort(types, 0, typeCount);

        var groups = new RRsetGroup[typeCount];
        for (int g = 0; g < typeCount; g++)
        {
            RRset? regionless = null;
            RRset?[]? byRegion = null;
            for (int set = first; set != None; set = _sets[set].Next)
            {
                if (_sets[set].Type != types[g]) continue;
                var rrset = ToRRset(set, ownerId, encoded);
                if (_sets[set].Region == RRset.NoRegion)
                {
                    regionless = rrset;
                }
                else
                {
                    byRegion ??= new RRset?[Math.Max(regionCount, _sets[set].Region + 1)];
                    byRegion[_sets[set].Region] = rrset;
                }
            }
            groups[g] = new RRsetGroup(types[g], regionless, byRegion);
        }
        node.SetGroups(groups);
    }

    /// <summary>Every RRset's records in their final (RDLENGTH, RDATA) form, by set index.</summary>
    private byte[][] EncodeSets()
    {
        var encoded = new byte[_setCount][];
        for (int set = 0; set < _setCount; set++)
        {
            int size = 0;
            for (int r = _sets[set].First; r != None; r = _nextRecord[r]) size += 2 + _records.Rdata(r).Length;
            var bytes = new byte[size];
            int pos = 0;
            for (int r = _sets[set].First; r != None; r = _nextRecord[r])
            {
                var rdata = _records.Rdata(r);
                bytes[pos] = (byte)(rdata.Length >> 8);
                bytes[pos + 1] = (byte)rdata.Length;
                rdata.CopyTo(bytes.AsSpan(pos + 2));
                pos += 2 + rdata.Length;
            }
            encoded[set] = bytes;
        }
        return encoded;
    }

    private RRset ToRRset(int set, int ownerId, byte[][] encoded)
    {
        ref readonly var info = ref _sets[set];
        return new RRset(_owners[ownerId].Name, info.Type, RRClass.IN, info.Ttl, encoded[set], info.Count, info.Region);
    }

    private int FindSet(int ownerId, ushort type, int region)
    {
        for (int set = _owners[ownerId].FirstSet; set != None; set = _sets[set].Next)
        {
            if (_sets[set].Type == type && _sets[set].Region == region) return set;
        }
        return None;
    }

    private int FindAnySet(int ownerId, ushort type)
    {
        for (int set = _owners[ownerId].FirstSet; set != None; set = _sets[set].Next)
        {
            if (_sets[set].Type == type) return set;
        }
        return None;
    }

    private void AddSet(int ownerId, SetInfo info)
    {
        if (_setCount == _sets.Length) Array.Resize(ref _sets, _sets.Length * 2);
        int index = _setCount++;
        _sets[index] = info;
        var owner = _owners[ownerId];
        if (owner.FirstSet == None) owner.FirstSet = index;
        else _sets[owner.LastSet].Next = index;
        owner.LastSet = index;
        _owners[ownerId] = owner;
    }

    private bool ContainsRdata(in SetInfo info, ReadOnlySpan<byte> rdata)
    {
        bool singleName = info.Type is RRType.NS or RRType.CNAME or RRType.DNAME or RRType.PTR;
        for (int r = info.First; r != None; r = _nextRecord[r])
        {
            var existing = _records.Rdata(r);
            if (singleName ? DnsName.EqualsIgnoreCase(existing, rdata) : existing.SequenceEqual(rdata)) return true;
        }
        return false;
    }

    private SourceLocation Location(int set) => _records.Location(_sets[set].First);

    private void Error(SourceLocation location, string message) =>
        _found.Add(new Diagnostic(DiagnosticSeverity.Error, location, message));

    private void Warning(SourceLocation location, string message) =>
        _found.Add(new Diagnostic(DiagnosticSeverity.Warning, location, message));

    private struct OwnerInfo(byte[] name)
    {
        public byte[] Name = name;
        public int FirstSet = None;
        public int LastSet = None;
    }

    private struct SetInfo
    {
        public ushort Type;
        public int Region;
        public uint Ttl;
        public int First;
        public int Last;
        public int Count;
        public int Next;
    }
}
