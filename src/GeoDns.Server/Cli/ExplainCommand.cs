using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Geo;
using GeoDns.Core.Protocol;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Configuration;
using GeoDns.Server.Geo;
using GeoDns.Server.Hosting;

namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns explain NAME [TYPE] --client IP[/prefix]</c>: offline (configuration, zones and
/// GeoIP database, no server), prints how a client is located, its preference order with the
/// reason for each position, and the answer the real <see cref="QueryProcessor"/> gives it.
/// An explicit <c>/prefix</c> is sent as EDNS Client Subnet with that source prefix; a bare
/// address is the packet's source address.
/// </summary>
internal static class ExplainCommand
{
    public static int Run(GeoDnsConfiguration configuration, string name, string? type, string client, TextWriter output, TextWriter error)
    {
        if (!TryParseName(name, out byte[] qname, out string? problem))
            return Invalid(error, $"NAME: '{name}' is not a domain name ({problem})");
        ushort qtype = RRType.A;
        if (type is not null && !RdataCodec.TryGetType(type, out qtype))
            return Invalid(error, $"TYPE: '{type}' is not a record type (examples: A, AAAA, TXT, TYPE65)");
        if (!TryParseClient(client, out var address, out int prefix, out bool ecs, out bool masked, out problem))
            return Invalid(error, $"--client: '{client}' {problem}");

        var geo = configuration.Geo;
        var loaded = ZoneDirectory.Load(configuration.ZonesDirectory, geo.ZoneLoadOptions);
        if (loaded is null)
            return Invalid(error, $"ZonesDirectory: {ZoneDirectory.DisplayPath(configuration.ZonesDirectory)} not found");
        foreach (var file in loaded.Results)
        {
            foreach (var diagnostic in file.Diagnostics)
                if (diagnostic.IsError) error.WriteLine(diagnostic.ToString());
        }

        // The real pipeline: the same QueryProcessor the server runs (over TCP, so nothing is truncated).
        var processor = GeoDnsHost.CreateProcessor(new ZoneStore(loaded.ZoneSet), configuration);
        var health = processor.Geo.Current.Health;
        int fullLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int sourcePrefix = ecs ? prefix : fullLength;
        var explanation = geo.Topology.Explain(address, ecs && prefix == 0 ? fullLength : sourcePrefix);

        output.WriteLine($"query:      {DnsName.ToString(qname)} {RdataCodec.TypeName(qtype)}");
        if (!ecs)
            output.WriteLine($"client:     {address} (the packet's source address; no EDNS Client Subnet)");
        else if (prefix == 0)
            output.WriteLine($"client:     {address}/0 as EDNS Client Subnet: source prefix 0, so located by the packet's source address {address}");
        else
            output.WriteLine($"client:     {address}/{prefix} as EDNS Client Subnet (source prefix {prefix}){(masked ? "; address bits beyond the prefix cleared" : "")}");
        WriteLocation(output, geo, explanation);
        output.WriteLine($"cidr rule:  {(explanation.RuleNetwork is { } rule ? $"{rule} -> {string.Join(", ", RuleRegions(geo, rule))}" : "none matched")}");
        output.WriteLine("order:");
        if (explanation.Order.Count == 0) output.WriteLine("  (no regions configured)");
        for (int i = 0; i < explanation.Order.Count; i++)
        {
            var region = explanation.Order[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i + 1}. {region.Name,-16} {region.Reason,-32} {(health.IsUp(region.Region) ? "up" : "down")}"));
        }

        var scratch = new QueryScratch();
        byte[] query = ExplainQuery.Build(qname, qtype, ecs ? address : null, prefix);
        var response = new byte[QueryProcessor.MaxTcpMessage];
        var context = QueryContext.From(Transport.Tcp, address);
        int length = processor.Process(query, response, context, scratch);
        var summary = ExplainQuery.Read(response.AsSpan(0, length));
        WriteAnswer(output, geo, scratch.Lookup, summary);
        WriteScope(output, explanation, scratch.Lookup, summary, ecs);
        return ExitCodes.Ok;
    }

    private static void WriteLocation(TextWriter output, GeoSetup geo, GeoExplanation explanation)
    {
        if (geo.Database is null)
        {
            output.WriteLine("database:   none configured (Geo:Database)");
            return;
        }
        string network = explanation.DatabaseNetwork ?? "no network";
        if (explanation.Location is not { } location)
        {
            output.WriteLine($"database:   {geo.Database.DatabaseType}: {network}, no record");
            return;
        }
        var parts = new List<string>();
        if (location.Continent is { } continent) parts.Add($"continent {continent}");
        if (location.Country is { } country) parts.Add($"country {country}");
        if (location.Subdivision is { } subdivision) parts.Add($"subdivision {subdivision}");
        if (location.Latitude is { } lat && location.Longitude is { } lon)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"location {lat:0.####}, {lon:0.####}"));
        output.WriteLine($"database:   {geo.Database.DatabaseType}: {network}: {(parts.Count == 0 ? "empty record" : string.Join(", ", parts))}");
    }

    private static string[] RuleRegions(GeoSetup geo, string rule)
    {
        foreach (var (network, regions) in geo.Options.Networks)
        {
            if (string.Equals(network, rule, StringComparison.OrdinalIgnoreCase)) return regions;
        }
        return [];
    }

    private static void WriteAnswer(TextWriter output, GeoSetup geo, LookupResult result, ResponseSummary summary)
    {
        var flags = new List<string>();
        if (summary.Authoritative) flags.Add("aa");
        if (summary.Truncated) flags.Add("tc");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer:     {RcodeName(summary.Rcode)}{(flags.Count > 0 ? " (" + string.Join(" ", flags) + ")" : "")}, {Plural(Records(result, result.Answer, result.AnswerCount), "answer record")}"));
        WriteSection(output, geo, result, result.Answer, result.AnswerCount, "");
        if (result.AuthorityCount > 0)
        {
            output.WriteLine("authority:");
            WriteSection(output, geo, result, result.Authority, result.AuthorityCount, "");
        }
        uint? ttl = null;
        for (int i = 0; i < result.AnswerCount; i++) ttl = Math.Min(ttl ?? uint.MaxValue, result.Answer[i].Ttl);
        output.WriteLine(ttl is { } t ? string.Create(CultureInfo.InvariantCulture, $"ttl:        {t}") : "ttl:        (no answer records)");
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static int Records(LookupResult result, SectionEntry[] entries, int count)
    {
        int records = 0;
        for (int i = 0; i < count; i++) records += entries[i].SynthesizedCname ? 1 : entries[i].Set.Count;
        return records;
    }

    private static void WriteSection(TextWriter output, GeoSetup geo, LookupResult result, SectionEntry[] entries, int count, string indent)
    {
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
                output.WriteLine($"  {indent}{MasterFileWriter.FormatRecord(cname)}    ; synthesized from a DNAME");
                continue;
            }
            foreach (var rdata in set)
            {
                var record = new ZoneRecord(owner, set.Type, set.Class, entry.Ttl, rdata.ToArray(), null, default);
                output.WriteLine($"  {indent}{MasterFileWriter.FormatRecord(record)}    ; {from}");
            }
        }
    }

    private static void WriteScope(TextWriter output, GeoExplanation explanation, LookupResult result, ResponseSummary summary, bool ecs)
    {
        string depends = result.RegionDependent
            ? $"the answer depends on the region (location scope /{explanation.ScopePrefix})"
            : "the answer does not depend on the region";
        if (!ecs)
        {
            output.WriteLine($"ecs scope:  none (the query carried no ECS); {depends}");
        }
        else if (summary.Ecs is { } echo)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ecs scope:  /{echo.ScopePrefix}, echoed as CLIENT-SUBNET {echo.Address}/{echo.SourcePrefix}/{echo.ScopePrefix}; {depends}"));
        }
        else
        {
            output.WriteLine($"ecs scope:  the response carries no ECS option; {depends}");
        }
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

    private static bool TryParseName(string text, out byte[] wire, out string? problem)
    {
        string absolute = text.EndsWith('.') ? text : text + ".";
        wire = PresentationName.ParseToArray(absolute, DnsName.Root, lowerCase: false, out problem) ?? [];
        return wire.Length > 0 && problem is null;
    }

    internal static bool TryParseClient(string text, out IPAddress address, out int prefix, out bool ecs, out bool masked, out string? problem)
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

    private static int Invalid(TextWriter error, string message)
    {
        error.WriteLine($"geodns explain: {message}");
        return ExitCodes.InvalidConfiguration;
    }
}
