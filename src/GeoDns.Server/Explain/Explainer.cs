using System.Globalization;
using System.Net.Sockets;
using System.Net;
using GeoDns.Core.Geo;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Explain;

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
        string addressText = ecs ? text[..slash] : text;
        if (!addressText.Contains(':', StringComparison.Ordinal) && !IpBits.IsDottedQuad(addressText, ecs ? text[slash..] : "", out string dotted))
        {
            // IPAddress.TryParse takes the short form 198.51.100 (198.51.0.100): another network. The
            // callers put the client text in front, so the problem drops IsDottedQuad's "'198.51.100' ".
            problem = dotted[(addressText.Length + 3)..];
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

        var probe = QueryProbe.Run(processor, new QueryScratch(), qname, qtype, address, ecs ? address : null, prefix);
        var summary = probe.Summary;

        uint? ttl = null;
        foreach (var record in probe.Answer) ttl = Math.Min(ttl ?? uint.MaxValue, record.Ttl);
        var answer = new ExplainAnswer(RcodeName(summary.Rcode), summary.Authoritative, summary.Truncated, probe.Answer.Count,
            Section(geo, probe.Answer), Section(geo, probe.Authority), ttl);
        var echo = summary.Ecs is { } e ? new ExplainEcsEcho(e.Address.ToString(), e.SourcePrefix, e.ScopePrefix) : null;
        var scope = new ExplainScope(probe.RegionDependent, explanation.ScopePrefix, echo);

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

    private static List<ExplainRecord> Section(GeoSetup geo, IReadOnlyList<ProbeRecord> records)
    {
        var section = new List<ExplainRecord>();
        foreach (var record in records)
        {
            string from = record.Synthesized ? "synthesized from a DNAME" : RegionLabel(geo.Topology.RegionNames, record.Region);
            section.Add(new ExplainRecord(record.Format(), from));
        }
        return section;
    }

    /// <summary>"no region", "region eu-west", or "region #7" for an index the topology does not name.</summary>
    public static string RegionLabel(IReadOnlyList<string> regionNames, int region) =>
        region == RRset.NoRegion ? "no region"
        : (uint)region < (uint)regionNames.Count ? $"region {regionNames[region]}"
        : string.Create(CultureInfo.InvariantCulture, $"region #{region}");

    public static string RcodeName(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        9 => "NOTAUTH",
        16 => "BADVERS",
        _ => "RCODE" + rcode.ToString(CultureInfo.InvariantCulture),
    };
}
