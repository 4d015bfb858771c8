using GeoDns.Core.Protocol;

namespace GeoDns.Core.Zones;

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
/// </summary>
internal static class ZoneBuilder
{
    public static Zone? Build(
        byte[] origin,
        IReadOnlyList<ZoneRecord> records,
        IReadOnlyList<string> files,
        RegionRegistry regions,
        SourceLocation zoneLocation,
        List<Diagnostic> diagnostics,
        bool hasEarlierErrors)
    {
        var found = new List<Diagnostic>();
        string originText = DnsName.ToString(origin);

        ushort zoneClass = RRClass.IN;
        foreach (var record in records)
        {
            if (record.Type == RRType.SOA && origin.AsSpan().SequenceEqual(record.Owner))
            {
                zoneClass = record.Class;
                break;
            }
        }

        // Group records by owner, then by (type, region); collapse duplicates, unify TTLs.
        var owners = new Dictionary<byte[], OwnerBuilder>(WireNameComparer.Instance);
        int recordCount = 0;
        foreach (var record in records)
        {
            if (!DnsName.IsAtOrBelow(record.Owner, origin))
            {
                Error(found, record.Location, $"{DnsName.ToString(record.Owner)} is outside the zone origin {originText}");
                continue;
            }
            if (record.Class != zoneClass)
            {
                Error(found, record.Location, $"class {record.Class} of this {RRTypeNames.Of(record.Type)} record differs from the zone's class {zoneClass}");
                continue;
            }

            int region = RRset.NoRegion;
            if (record.Region is not null)
            {
                region = regions.IndexOf(record.Region);
                if (region < 0)
                {
                    Error(found, record.Location, $"unknown region '{record.Region}'");
                    continue;
                }
            }

            if (!owners.TryGetValue(record.Owner, out var owner))
            {
                owner = new OwnerBuilder(record.Owner);
                owners.Add(record.Owner, owner);
            }

            var set = owner.Find(record.Type, region);
            if (set is null)
            {
                set = new SetBuilder(record.Type, region, record.Ttl, record.Location);
                owner.Sets.Add(set);
            }
            else
            {
                if (set.Contains(record.Rdata))
                {
                    Warning(found, record.Location, $"duplicate {RRTypeNames.Of(record.Type)} record at {DnsName.ToString(record.Owner)} ignored");
                    continue;
                }
                if (record.Ttl != set.Ttl)
                {
                    Warning(found, record.Location, $"TTL {record.Ttl} differs from the TTL {set.Ttl} of the {DnsName.ToString(record.Owner)} {RRTypeNames.Of(record.Type)} RRset (line {set.Location.Line}); using {set.Ttl}");
                }
            }
            set.Rdata.Add(record.Rdata);
            set.Locations.Add(record.Location);
            recordCount++;
        }

        var apexOwner = owners.GetValueOrDefault(origin);
        CheckApex(apexOwner, originText, zoneLocation, found);

        foreach (var owner in owners.Values)
        {
            CheckOwner(owner, origin, owners, found);
        }

        // Report in file order (the checks above run per name, not per line).
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++) fileOrder.TryAdd(files[i], i);
        var sorted = found
            .Select((d, i) => (d, i))
            .OrderBy(x => fileOrder.GetValueOrDefault(x.d.Location.File, int.MaxValue))
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d);
        diagnostics.AddRange(sorted);

        if (hasEarlierErrors || found.Any(d => d.IsError) || apexOwner is null)
        {
            return null;
        }

        var nodes = BuildNodes(origin, owners, zoneClass, regions.Names.Count);
        var soa = nodes[origin].Find(RRType.SOA)!.Regionless!;
        return new Zone(origin, nodes, soa, recordCount, files, regions.Names.ToArray());
    }

    private static void CheckApex(OwnerBuilder? apex, string originText, SourceLocation zoneLocation, List<Diagnostic> diagnostics)
    {
        var soa = apex?.FindAny(RRType.SOA);
        if (soa is null)
        {
            Error(diagnostics, zoneLocation, $"no SOA record at the zone apex {originText}");
        }
        else
        {
            int count = 0;
            foreach (var set in apex!.Sets)
            {
                if (set.Type != RRType.SOA) continue;
                for (int i = 0; i < set.Rdata.Count; i++)
                {
                    if (++count > 1) Error(diagnostics, set.Locations[i], $"more than one SOA record at the zone apex {originText}");
                }
            }
        }

        if (apex?.FindAny(RRType.NS) is null)
        {
            Error(diagnostics, soa?.Location ?? zoneLocation, $"no NS records at the zone apex {originText}");
        }
    }

    private static void CheckOwner(OwnerBuilder owner, byte[] origin, Dictionary<byte[], OwnerBuilder> owners, List<Diagnostic> diagnostics)
    {
        string name = DnsName.ToString(owner.Name);
        bool isApex = owner.Name.AsSpan().SequenceEqual(origin);

        foreach (var set in owner.Sets)
        {
            if (set.Region != RRset.NoRegion && set.Type is RRType.SOA or RRType.NS or RRType.DS or RRType.DNAME)
            {
                Error(diagnostics, set.Location, $"{RRTypeNames.Of(set.Type)} records cannot be region-specific ($REGION)");
            }
            if (set.Type == RRType.SOA && !isApex)
            {
                Error(diagnostics, set.Location, $"SOA record at {name} is not at the zone apex {DnsName.ToString(origin)}");
            }
            if (set.Type is RRType.CNAME or RRType.DNAME)
            {
                for (int i = 1; i < set.Rdata.Count; i++)
                {
                    Error(diagnostics, set.Locations[i], $"more than one {RRTypeNames.Of(set.Type)} record at {name}");
                }
            }
        }

        var cname = owner.FindAny(RRType.CNAME);
        if (cname is not null)
        {
            var others = new List<string>();
            foreach (var set in owner.Sets)
            {
                if (set.Type is RRType.CNAME or RRType.RRSIG or RRType.NSEC) continue;
                string typeName = RRTypeNames.Of(set.Type);
                if (!others.Contains(typeName)) others.Add(typeName);
            }
            if (others.Count > 0)
            {
                Error(diagnostics, cname.Location, $"{name} has a CNAME and other data ({string.Join(", ", others)}); a CNAME must be the only record at its name");
            }
        }

        if (owner.Name[0] == 1 && owner.Name[1] == (byte)'*' && owner.FindAny(RRType.NS) is { } wildNs)
        {
            Error(diagnostics, wildNs.Location, $"NS records at the wildcard name {name} are not supported");
        }

        if (isApex) return;

        // Ancestors strictly between the origin and this owner (topmost first matters for cuts),
        // and the origin itself for DNAME.
        byte[]? cutAbove = null;
        byte[]? dnameAbove = null;
        int offset = DnsName.ParentOffset(owner.Name);
        while (offset >= 0 && owner.Name.Length - offset >= origin.Length)
        {
            var ancestor = owner.Name.AsSpan(offset);
            var lookup = owners.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(ancestor, out var above))
            {
                bool ancestorIsApex = ancestor.Length == origin.Length;
                if (!ancestorIsApex && above.FindAny(RRType.NS) is not null) cutAbove = above.Name;
                if (above.FindAny(RRType.DNAME) is not null) dnameAbove = above.Name;
            }
            if (ancestor.Length == origin.Length) break;
            offset = DnsName.ParentOffset(owner.Name, offset);
        }

        if (dnameAbove is not null)
        {
            foreach (var set in owner.Sets)
            {
                Error(diagnostics, set.Location, $"{RRTypeNames.Of(set.Type)} record at {name} is below the DNAME at {DnsName.ToString(dnameAbove)}; names below a DNAME cannot have records (RFC 6672 section 2.3)");
            }
            return;
        }

        if (cutAbove is not null)
        {
            foreach (var set in owner.Sets)
            {
                if (set.Type is RRType.A or RRType.AAAA) continue;
                Error(diagnostics, set.Location, $"{RRTypeNames.Of(set.Type)} record at {name} is below the delegation point {DnsName.ToString(cutAbove)}; only A/AAAA glue may be there");
            }
        }
        else if (owner.FindAny(RRType.NS) is not null)
        {
            foreach (var set in owner.Sets)
            {
                if (set.Type is RRType.NS or RRType.DS or RRType.A or RRType.AAAA or RRType.RRSIG or RRType.NSEC or RRType.CNAME) continue;
                Error(diagnostics, set.Location, $"{RRTypeNames.Of(set.Type)} record at the delegation point {name} is not allowed; only NS, DS and A/AAAA glue may be there");
            }
        }
    }

    private static Dictionary<byte[], ZoneNode> BuildNodes(byte[] origin, Dictionary<byte[], OwnerBuilder> owners, ushort zoneClass, int regionCount)
    {
        var nodes = new Dictionary<byte[], ZoneNode>(owners.Count + 16, WireNameComparer.Instance);
        foreach (var owner in owners.Values)
        {
            var node = new ZoneNode(owner.Name);
            node.SetGroups(BuildGroups(owner, zoneClass, regionCount));
            nodes.Add(owner.Name, node);
        }

        // Empty non-terminals: every ancestor of an owner up to the origin exists.
        var lookup = nodes.GetAlternateLookup<ReadOnlySpan<byte>>();
        foreach (var owner in owners.Values)
        {
            int offset = DnsName.ParentOffset(owner.Name);
            while (offset >= 0 && owner.Name.Length - offset > origin.Length)
            {
                var ancestor = owner.Name.AsSpan(offset);
                if (lookup.ContainsKey(ancestor)) break;
                var name = ancestor.ToArray();
                nodes.Add(name, new ZoneNode(name));
                offset = DnsName.ParentOffset(owner.Name, offset);
            }
        }

        // Cuts and wildcards, parents before children.
        var ordered = new List<ZoneNode>(nodes.Values);
        ordered.Sort(static (a, b) => a.Name.Length.CompareTo(b.Name.Length));
        foreach (var node in ordered)
        {
            if (node.Name.Length == origin.Length) continue;
            var parent = lookup[node.Name.AsSpan(DnsName.ParentOffset(node.Name))];
            node.Cut = parent.Cut ?? (node.Find(RRType.NS) is not null ? node : null);
            if (node.IsWildcard) parent.Wildcard = node;
        }

        foreach (var node in ordered)
        {
            foreach (var group in node.Groups)
            {
                if (group.Type is not (RRType.MX or RRType.SRV or RRType.NS)) continue;
                bool referral = group.Type == RRType.NS && node.Cut == node;
                foreach (var set in group.All()) set.Targets = ResolveTargets(set, origin, referral ? node : null, lookup);
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
    private static AdditionalTarget[] ResolveTargets(
        RRset set,
        byte[] origin,
        ZoneNode? cut,
        Dictionary<byte[], ZoneNode>.AlternateLookup<ReadOnlySpan<byte>> lookup)
    {
        int skip = set.Type switch
        {
            RRType.MX => 2,
            RRType.SRV => 6,
            _ => 0,
        };
        var targets = new AdditionalTarget[set.Count];
        int i = 0;
        foreach (var rdata in set)
        {
            int length = rdata.Length > skip ? DnsName.Measure(rdata[skip..]) : -1;
            if (length <= 1)
            {
                targets[i++] = default;
                continue;
            }
            var host = DnsName.ToLowerArray(rdata[skip..]);
            if (!DnsName.IsAtOrBelow(host, origin))
            {
                targets[i++] = new AdditionalTarget(null, External: cut is null, Required: false);
                continue;
            }

            lookup.TryGetValue(host, out var node);
            if (cut is not null)
            {
                targets[i++] = new AdditionalTarget(node, External: false, Required: DnsName.IsAtOrBelow(host, cut.Name));
                continue;
            }

            // Closest existing node tells whether the target is under a cut of this zone.
            var encloser = node;
            int offset = 0;
            while (encloser is null)
            {
                offset = DnsName.ParentOffset(host, offset);
                lookup.TryGetValue(host.AsSpan(offset), out encloser);
            }
            targets[i++] = encloser.Cut is not null
                ? new AdditionalTarget(null, External: true, Required: false)
                : new AdditionalTarget(node, External: false, Required: false);
        }
        return targets;
    }

    private static RRsetGroup[] BuildGroups(OwnerBuilder owner, ushort zoneClass, int regionCount)
    {
        var types = new List<ushort>();
        foreach (var set in owner.Sets)
        {
            if (!types.Contains(set.Type)) types.Add(set.Type);
        }
        types.Sort();

        var groups = new RRsetGroup[types.Count];
        for (int g = 0; g < types.Count; g++)
        {
            RRset? regionless = null;
            RRset?[]? byRegion = null;
            foreach (var set in owner.Sets)
            {
                if (set.Type != types[g]) continue;
                var rrset = set.ToRRset(owner.Name, zoneClass);
                if (set.Region == RRset.NoRegion)
                {
                    regionless = rrset;
                }
                else
                {
                    byRegion ??= new RRset?[Math.Max(regionCount, set.Region + 1)];
                    byRegion[set.Region] = rrset;
                }
            }
            groups[g] = new RRsetGroup(types[g], regionless, byRegion);
        }
        return groups;
    }

    private static void Error(List<Diagnostic> diagnostics, SourceLocation location, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, location, message));

    private static void Warning(List<Diagnostic> diagnostics, SourceLocation location, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, location, message));

    private sealed class OwnerBuilder(byte[] name)
    {
        public byte[] Name { get; } = name;
        public List<SetBuilder> Sets { get; } = new(2);

        public SetBuilder? Find(ushort type, int region)
        {
            foreach (var set in Sets)
            {
                if (set.Type == type && set.Region == region) return set;
            }
            return null;
        }

        public SetBuilder? FindAny(ushort type)
        {
            foreach (var set in Sets)
            {
                if (set.Type == type) return set;
            }
            return null;
        }
    }

    private sealed class SetBuilder(ushort type, int region, uint ttl, SourceLocation location)
    {
        public ushort Type { get; } = type;
        public int Region { get; } = region;
        public uint Ttl { get; } = ttl;
        public SourceLocation Location { get; } = location;
        public List<byte[]> Rdata { get; } = new(1);
        public List<SourceLocation> Locations { get; } = new(1);

        public bool Contains(byte[] rdata)
        {
            bool singleName = Type is RRType.NS or RRType.CNAME or RRType.DNAME or RRType.PTR;
            foreach (var existing in Rdata)
            {
                if (singleName ? DnsName.EqualsIgnoreCase(existing, rdata) : existing.AsSpan().SequenceEqual(rdata)) return true;
            }
            return false;
        }

        public RRset ToRRset(byte[] owner, ushort zoneClass)
        {
            int size = 0;
            foreach (var rdata in Rdata) size += 2 + rdata.Length;
            var bytes = new byte[size];
            int pos = 0;
            foreach (var rdata in Rdata)
            {
                bytes[pos] = (byte)(rdata.Length >> 8);
                bytes[pos + 1] = (byte)rdata.Length;
                rdata.CopyTo(bytes, pos + 2);
                pos += 2 + rdata.Length;
            }
            return new RRset(owner, Type, zoneClass, Ttl, bytes, Rdata.Count, Region);
        }
    }
}
