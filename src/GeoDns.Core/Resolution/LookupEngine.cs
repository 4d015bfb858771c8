using GeoDns.Core.Dns;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// The authoritative lookup (RFC 1034 §4.3.2) over a <see cref="ZoneSet"/>: exact match, zone cuts
/// and referrals, CNAME chains across the set, DNAME synthesis (RFC 6672), wildcards (RFC 4592),
/// negative answers (RFC 2308) and additional-section addresses. Works on a lower-cased copy of
/// the name on the stack and fills a caller-owned <see cref="LookupResult"/>; allocates nothing.
/// </summary>
internal static class LookupEngine
{
    /// <summary>Most CNAME/DNAME links followed for one question (a longer chain ends with what we have).</summary>
    public const int MaxChainLength = 12;

    /// <summary>
    /// Like the other overload, with region indices best first (empty: no geo information) and
    /// every region up.
    /// </summary>
    public static void Lookup(ZoneSet zones, ReadOnlySpan<byte> qname, ushort qtype, ReadOnlySpan<int> regionPreference, LookupResult result)
        => Lookup(zones, qname, qtype, new RegionPreference(regionPreference), result);

    public static void Lookup(ZoneSet zones, ReadOnlySpan<byte> qname, ushort qtype, in RegionPreference regions, LookupResult result)
    {
        int length = DnsName.Measure(qname);
        if (length < 0)
        {
            result.Outcome = LookupOutcome.Refused;
            return;
        }

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < length; i++) name[i] = DnsName.ToLower(qname[i]);

        for (int link = 0; ; link++)
        {
            ReadOnlySpan<byte> current = name[..length];
            if (link > 0 && AlreadyVisited(result, current))
            {
                // CNAME/DNAME loop: the chain so far is the answer.
                result.Outcome = LookupOutcome.Answer;
                break;
            }

            var zone = zones.FindZoneForLookup(current, qtype);
            if (zone is null)
            {
                // Not ours: REFUSED for the question itself; a chain leaving our zones ends here.
                result.Outcome = link == 0 ? LookupOutcome.Refused : LookupOutcome.Answer;
                break;
            }

            result.Zone = zone;
            int next = Resolve(zones, zone, name, length, qtype, in regions, result);
            if (next < 0) break;
            if (link + 1 >= MaxChainLength)
            {
                result.Outcome = LookupOutcome.Answer;
                break;
            }
            length = next;
        }

        // AA follows the first owner name of the answer (RFC 1035 §4.1.1): a referral reached
        // through our own CNAME is still an authoritative answer for the CNAME.
        result.Authoritative = result.Outcome switch
        {
            LookupOutcome.None or LookupOutcome.Refused => false,
            LookupOutcome.Referral => result.AnswerCount > 0,
            _ => true,
        };
    }

    /// <summary>Answers the name in <paramref name="name"/>[..length] from <paramref name="zone"/>. Returns the length of the next name of a chain (written into <paramref name="name"/>), or -1 when done.</summary>
    private static int Resolve(ZoneSet zones, Zone zone, Span<byte> name, int length, ushort qtype, in RegionPreference regions, LookupResult result)
    {
        ReadOnlySpan<byte> current = name[..length];
        int nodeIndex = zone.FindNode(current);
        if (nodeIndex != ZoneNode.None)
        {
            ref readonly var node = ref zone.NodeAt(nodeIndex);
            if (node.Cut != ZoneNode.None)
            {
                if (node.Cut == nodeIndex && qtype == RRType.DS)
                {
                    // DS lives on the parent side of the cut (RFC 4035 §2.4): authoritative here.
                    AnswerType(zones, zone, in node, qtype, in regions, result, 0, 0);
                    return -1;
                }
                Referral(zone, in zone.NodeAt(node.Cut), in regions, result);
                return -1;
            }
            return AnswerAt(zones, zone, in node, name, length, qtype, in regions, result, wildcard: false);
        }

        // Closest encloser: the longest existing ancestor (empty non-terminals are in the table).
        int encloserIndex = ZoneNode.None;
        int offset = DnsName.ParentOffset(current);
        while (offset >= 0)
        {
            encloserIndex = zone.FindNode(current[offset..]);
            if (encloserIndex != ZoneNode.None) break;
            offset = DnsName.ParentOffset(current, offset);
        }
        if (encloserIndex == ZoneNode.None)
        {
            result.Outcome = LookupOutcome.Refused;
            return -1;
        }

        ref readonly var encloser = ref zone.NodeAt(encloserIndex);
        if (encloser.Cut != ZoneNode.None)
        {
            Referral(zone, in zone.NodeAt(encloser.Cut), in regions, result);
            return -1;
        }
        if (encloser.DnameIndex != ZoneNode.NoGroup)
        {
            return SynthesizeFromDname(in encloser, name, length, qtype, result);
        }
        if (encloser.Wildcard != ZoneNode.None)
        {
            return AnswerAt(zones, zone, in zone.NodeAt(encloser.Wildcard), name, length, qtype, in regions, result, wildcard: true);
        }

        Negative(zone, LookupOutcome.NxDomain, result);
        return -1;
    }

    private static int AnswerAt(ZoneSet zones, Zone zone, in ZoneNode node, Span<byte> name, int length, ushort qtype, in RegionPreference regions, LookupResult result, bool wildcard)
    {
        int ownerStart = 0, ownerLength = 0;
        if (wildcard)
        {
            // RFC 4592 §2.2: the answer's owner is the query name, not "*".
            ownerStart = Reserve(result, length);
            if (ownerStart < 0)
            {
                result.Outcome = LookupOutcome.Answer;
                return -1;
            }
            name[..length].CopyTo(result.Names.AsSpan(ownerStart));
            ownerLength = length;
        }

        // A region-specific CNAME whose regions are all down under the NoData policy counts as absent.
        if (node.CnameIndex != ZoneNode.NoGroup && qtype != RRType.CNAME
            && RegionChoice.Choose(in node.GroupAt(node.CnameIndex), in regions, result, out uint cnameTtl) is { } cname)
        {
            result.Outcome = LookupOutcome.Answer;
            if (!AddAnswer(result, cname, cnameTtl, ownerStart, ownerLength) || qtype == RRType.ANY) return -1;

            var target = cname.Records.AsSpan(2);
            int targetLength = DnsName.Measure(target);
            if (targetLength < 0) return -1;
            for (int i = 0; i < targetLength; i++) name[i] = DnsName.ToLower(target[i]);
            return targetLength;
        }

        AnswerType(zones, zone, in node, qtype, in regions, result, ownerStart, ownerLength);
        return -1;
    }

    private static void AnswerType(ZoneSet zones, Zone zone, in ZoneNode node, ushort qtype, in RegionPreference regions, LookupResult result, int ownerStart, int ownerLength)
    {
        // ANY (RFC 8482 §4.1): one RRset, the one with the lowest type number.
        int group = qtype == RRType.ANY
            ? (node.GroupCount > 0 ? 0 : ZoneNode.NoGroup)
            : node.Find(qtype);
        if (group == ZoneNode.NoGroup)
        {
            Negative(zone, LookupOutcome.NoData, result);
            return;
        }

        var set = RegionChoice.Choose(in node.GroupAt(group), in regions, result, out uint ttl);
        if (set is null)
        {
            // All-down policy NoData: as if the name had no RRset of this type.
            Negative(zone, LookupOutcome.NoData, result);
            return;
        }
        result.Outcome = LookupOutcome.Answer;
        AddAnswer(result, set, ttl, ownerStart, ownerLength);
        if (set.Type is RRType.MX or RRType.SRV or RRType.NS) AddTargetAddresses(zones, zone, set, in regions, result);
    }

    /// <summary>RFC 6672 §3.1: the DNAME RRset, a synthesized CNAME (DNAME TTL), then the new name.</summary>
    private static int SynthesizeFromDname(in ZoneNode owner, Span<byte> name, int length, ushort qtype, LookupResult result)
    {
        var dname = owner.GroupAt(owner.DnameIndex).Regionless!;
        var target = dname.Records.AsSpan(2);
        int targetLength = DnsName.Measure(target);
        result.Outcome = LookupOutcome.Answer;
        if (targetLength < 0) return -1;
        if (!ContainsAnswer(result, dname) && !AddAnswer(result, dname, dname.Ttl, 0, 0)) return -1;

        int prefixLength = length - owner.Name.Length;
        int newLength = prefixLength + targetLength;
        if (newLength > DnsName.MaxLength)
        {
            result.Outcome = LookupOutcome.YxDomain;
            return -1;
        }

        int ownerStart = Reserve(result, length + newLength);
        if (ownerStart < 0 || result.AnswerCount >= result.Answer.Length) return -1;
        var names = result.Names.AsSpan();
        name[..length].CopyTo(names[ownerStart..]);
        int targetStart = ownerStart + length;
        name[..prefixLength].CopyTo(names[targetStart..]);
        target[..targetLength].CopyTo(names[(targetStart + prefixLength)..]);
        result.Answer[result.AnswerCount++] = new SectionEntry
        {
            Set = dname,
            Ttl = dname.Ttl,
            OwnerStart = ownerStart,
            OwnerLength = length,
            SynthesizedCname = true,
            TargetStart = targetStart,
            TargetLength = newLength,
        };

        if (qtype is RRType.CNAME or RRType.ANY) return -1;
        // The prefix labels are already in place; append the lower-cased DNAME target.
        for (int i = 0; i < targetLength; i++) name[prefixLength + i] = DnsName.ToLower(target[i]);
        return newLength;
    }

    private static void Referral(Zone zone, in ZoneNode cut, in RegionPreference regions, LookupResult result)
    {
        result.Outcome = LookupOutcome.Referral;
        result.Zone = zone;
        var ns = cut.GroupAt(cut.Find(RRType.NS)).Regionless!;
        if (result.AuthorityCount < result.Authority.Length)
        {
            result.Authority[result.AuthorityCount++] = new SectionEntry { Set = ns, Ttl = ns.Ttl };
        }

        // Glue: addresses of NS names inside this zone (below the cut too), found at load time.
        // In-domain glue (NS names under the delegated name) is required (RFC 9471).
        if (ns.Targets is { } targets)
        {
            foreach (var target in targets)
            {
                if (target.HasNode) AddAddresses(in zone.NodeAt(target.Node), in regions, result, target.Required);
            }
            return;
        }

        Span<byte> host = stackalloc byte[DnsName.MaxLength];
        foreach (var rdata in ns)
        {
            int length = DnsName.Measure(rdata);
            if (length < 0) continue;
            for (int i = 0; i < length; i++) host[i] = DnsName.ToLower(rdata[i]);
            if (!DnsName.IsAtOrBelow(host[..length], zone.Origin)) continue;
            int node = zone.FindNode(host[..length]);
            if (node != ZoneNode.None)
            {
                AddAddresses(in zone.NodeAt(node), in regions, result, required: DnsName.IsAtOrBelow(host[..length], cut.Name));
            }
        }
    }

    /// <summary>
    /// Additional-section A/AAAA for MX, SRV and NS targets that are authoritative data of one of our
    /// zones. <paramref name="zone"/> is the zone <paramref name="set"/> belongs to (its targets' node indices are into it).
    /// </summary>
    private static void AddTargetAddresses(ZoneSet zones, Zone zone, RRset set, in RegionPreference regions, LookupResult result)
    {
        var targets = set.Targets;
        int index = 0;
        foreach (var rdata in set)
        {
            var target = targets is null ? AdditionalTarget.InZoneSet : targets[index];
            index++;
            if (target.HasNode)
            {
                AddAddresses(in zone.NodeAt(target.Node), in regions, result, required: false);
            }
            else if (target.External)
            {
                AddExternalTargetAddresses(zones, set.Type, rdata, in regions, result);
            }
        }
    }

    /// <summary>A target outside the answering zone (or below one of its cuts): find it in the zone set.</summary>
    private static void AddExternalTargetAddresses(ZoneSet zones, ushort type, ReadOnlySpan<byte> rdata, in RegionPreference regions, LookupResult result)
    {
        int skip = type switch
        {
            RRType.MX => 2,
            RRType.SRV => 6,
            _ => 0,
        };
        if (rdata.Length <= skip) return;
        int length = DnsName.Measure(rdata[skip..]);
        if (length <= 1) return;
        Span<byte> host = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < length; i++) host[i] = DnsName.ToLower(rdata[skip + i]);
        var zone = zones.FindZoneLower(host[..length]);
        int node = zone is null ? ZoneNode.None : zone.FindNode(host[..length]);
        if (node == ZoneNode.None || zone!.NodeAt(node).Cut != ZoneNode.None) return;
        AddAddresses(in zone.NodeAt(node), in regions, result, required: false);
    }

    private static void AddAddresses(in ZoneNode node, in RegionPreference regions, LookupResult result, bool required)
    {
        AddAdditional(in node, node.Find(RRType.A), in regions, result, required);
        AddAdditional(in node, node.Find(RRType.AAAA), in regions, result, required);
    }

    private static void AddAdditional(in ZoneNode node, int group, in RegionPreference regions, LookupResult result, bool required)
    {
        if (group == ZoneNode.NoGroup || result.AdditionalCount >= result.Additional.Length) return;
        var set = RegionChoice.Choose(in node.GroupAt(group), in regions, result, out uint ttl);
        if (set is null) return;
        for (int i = 0; i < result.AdditionalCount; i++)
        {
            if (ReferenceEquals(result.Additional[i].Set, set)) return;
        }
        result.Additional[result.AdditionalCount++] = new SectionEntry { Set = set, Ttl = ttl, Required = required };
    }

    private static void Negative(Zone zone, LookupOutcome outcome, LookupResult result)
    {
        result.Outcome = outcome;
        result.Zone = zone;
        if (result.AuthorityCount < result.Authority.Length)
        {
            result.Authority[result.AuthorityCount++] = new SectionEntry { Set = zone.Soa, Ttl = zone.NegativeTtl };
        }
    }

    private static bool AddAnswer(LookupResult result, RRset set, uint ttl, int ownerStart, int ownerLength)
    {
        if (result.AnswerCount >= result.Answer.Length) return false;
        result.Answer[result.AnswerCount++] = new SectionEntry { Set = set, Ttl = ttl, OwnerStart = ownerStart, OwnerLength = ownerLength };
        return true;
    }

    private static bool ContainsAnswer(LookupResult result, RRset set)
    {
        for (int i = 0; i < result.AnswerCount; i++)
        {
            ref readonly var entry = ref result.Answer[i];
            if (ReferenceEquals(entry.Set, set) && !entry.SynthesizedCname) return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="name"/> already owns a CNAME (real or synthesized) of this answer: a loop.</summary>
    private static bool AlreadyVisited(LookupResult result, ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < result.AnswerCount; i++)
        {
            ref readonly var entry = ref result.Answer[i];
            if (entry.SynthesizedCname || entry.Set.Type == RRType.CNAME)
            {
                if (result.OwnerOf(entry).SequenceEqual(name)) return true;
            }
        }
        return false;
    }

    /// <summary>Reserves <paramref name="size"/> bytes of <see cref="LookupResult.Names"/>; -1 when full.</summary>
    private static int Reserve(LookupResult result, int size)
    {
        int start = result.NamesLength;
        if (start + size > result.Names.Length) return -1;
        result.NamesLength = start + size;
        return start;
    }
}
