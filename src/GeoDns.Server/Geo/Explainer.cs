using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Protocol;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Server.Geo;

/// <summary>
/// Builds an <see cref="Explanation"/>: locates the client in the topology and runs the query
/// through the real <see cref="QueryProcessor"/> (over TCP, so nothing is truncated) with the
/// health that processor reads — the offline one for <c>geodns explain</c>, the live one for the admin API.
/// </summary>
internal static class Explainer
{
    public static bool TryParseName(string text, out byte[] wire, out string? problem)
    {
        string absolute = text.EndsWith('.') ? text : text + ".";
        wire = PresentationName.ParseToArray(absolute, DnsName.Root, lowerCase: false, out problem) ?? [];
        return wire.Length > 0 && problem is null;
    }

    /// <summary>Parses "IP" (the packet's source) or "IP/prefix" (EDNS Client Subnet; bits beyond the prefix are cleared).</summary>
    public static bool TryParseClient(string text, out IPAddress address, out int prefix, out bool ecs, out bool masked, out string? problem)
    {
        address = IPAddress.None;
        prefix = 0;
        masked = false;
        problem = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        ecs = slash >= 0;
        if (!IPAddress.TryParse(ecs ? text[..slash] : text, out var parsed) || (ecs ? text[..slash] : text).Contains('%', StringComparison.Ordinal))
        {
            problem = "is not an IP address (write 198.51.100.7, or 198.51.100.0/24 for an EDNS Client Subnet)";
            return false;
        }
        if (parsed.IsIPv4MappedToIPv6) parsed = parsed.MapToIPv4();
        int max = parsed.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        prefix = max;
        if (ecs && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > max))
        {
            problem = $"has a bad prefix length (0..{max})";
            return false;
        }
        byte[] bytes = parsed.GetAddressBytes();
        for (int bit = prefix; bit < max; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != 0)
            {
                bytes[bit / 8] &= (byte)~mask;
                masked = true;
            }
        }
        address = new IPAddress(bytes);
        return true;
    }

    public static Explanation Explain(GeoSetup geo, QueryProcessor processor, byte[] qname, ushort qtype, IPAddress address, int prefix, bool ecs, bool masked)
    {
        var health = processor.Geo.Current.Health;
        int fullLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int sourcePrefix = ecs ? prefix : fullLength;
        var explanation = geo.Topology.Explain(address, ecs && prefix == 0 ? fullLength : sourcePrefix);

        var location = explanation.Location;
        var database = new ExplainDatabase(geo.Database is not null, geo.Database?.DatabaseType.ToString(), explanation.DatabaseNetwork, location is not null,
            location?.Continent, location?.Country, location?.Subdivision, location?.Latitude, location?.Longitude);
        var rule = explanation.RuleNetwork is { } network ? new ExplainRule(network, RuleRegions(geo, network)) : null;
        var order = new List<ExplainRegion>();
        for (int i = 0; i < explanation.Order.Count; i++)
        {
            var region = explanation.Order[i];
            order.Add(new ExplainRegion(i + 1, region.Name, region.Reason, health.IsUp(region.Region) ? "up" : "down"));
        }

        var scratch = new QueryScratch();
        byte[] query = ExplainQuery.Build(qname, qtype, ecs ? address : null, prefix);
        var response = new byte[QueryProcessor.MaxTcpMessage];
        var context = QueryContext.From(Transport.Tcp, address);
        int length = processor.Process(query, response, context, scratch);
        var summary = ExplainQuery.Read(response.AsSpan(0, length));
        var result = scratch.Lookup;

        uint? ttl = null;
        for (int i = 0; i < result.AnswerCount; i++) ttl = Math.Min(ttl ?? uint.MaxValue, result.Answer[i].Ttl);
        var answer = new ExplainAnswer(RcodeName(summary.Rcode), summary.Authoritative, summary.Truncated, Records(result.Answer, result.AnswerCount),
            Section(geo, result, result.Answer, result.AnswerCount), Section(geo, result, result.Authority, result.AuthorityCount), ttl);
        var echo = summary.Ecs is { } e ? new ExplainEcsEcho(e.Address.ToString(), e.SourcePrefix, e.ScopePrefix) : null;
        var scope = new ExplainScope(result.RegionDependent, explanation.ScopePrefix, echo);

        return new Explanation(DnsName.ToString(qname), RdataCodec.TypeName(qtype), new ExplainClient(address.ToString(), prefix, ecs, masked),
            database, rule, order, answer, scope);
    }

    private static string[] RuleRegions(GeoSetup geo, string rule)
    {
        foreach (var (network, regions) in geo.Options.Networks)
        {
            if (string.Equals(network, rule, StringComparison.OrdinalIgnoreCase)) return regions;
        }
        return [];
    }

    private static int Records(SectionEntry[] entries, int count)
    {
        int records = 0;
        for (int i = 0; i < count; i++) records += entries[i].SynthesizedCname ? 1 : entries[i].Set.Count;
        return records;
    }

    private static List<ExplainRecord> Section(GeoSetup geo, LookupResult result, SectionEntry[] entries, int count)
    {
        var records = new List<ExplainRecord>();
        for (int i = 0; i < count; i++)
        {
            var entry = entries[i];
            byte[] owner = result.OwnerOf(entry).ToArray();
            var set = entry.Set;
            string from = set.Region == RRset.NoRegion ? "no region"
                : set.Region < geo.Topology.RegionNames.Count ? $"region {geo.Topology.RegionNames[set.Region]}" : $"region #{set.Region}";
            if (entry.SynthesizedCname)
            {
                var cname = new ZoneRecord(owner, RRType.CNAME, set.Class, entry.Ttl, result.TargetOf(entry).ToArray(), null, default);
                records.Add(new ExplainRecord(MasterFileWriter.FormatRecord(cname), "synthesized from a DNAME"));
                continue;
            }
            foreach (var rdata in set)
            {
                var record = new ZoneRecord(owner, set.Type, set.Class, entry.Ttl, rdata.ToArray(), null, default);
                records.Add(new ExplainRecord(MasterFileWriter.FormatRecord(record), from));
            }
        }
        return records;
    }

    private static string RcodeName(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => "RCODE" + rcode.ToString(CultureInfo.InvariantCulture),
    };
}
