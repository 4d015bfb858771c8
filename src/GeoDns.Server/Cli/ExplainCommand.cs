using System.Globalization;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Configuration;
using GeoDns.Server.Explain;
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
        if (!Explainer.TryParseName(name, out byte[] qname, out string? problem))
            return Invalid(error, $"NAME: '{name}' is not a domain name ({problem})");
        ushort qtype = RRType.A;
        if (type is not null && !RdataCodec.TryGetType(type, out qtype))
            return Invalid(error, $"TYPE: '{type}' is not a record type (examples: A, AAAA, TXT, TYPE65)");
        if (!Explainer.TryParseClient(client, out var address, out int prefix, out bool ecs, out bool masked, out problem))
            return Invalid(error, $"--client: '{client}' {problem}");

        var geo = configuration.Geo;
        var loaded = ZoneDirectory.Load(configuration.ZonesDirectory, configuration.ZoneLoadOptions);
        if (loaded is null)
            return Invalid(error, $"ZonesDirectory: {DisplayPaths.For(configuration.ZonesDirectory)} not found");
        foreach (var file in loaded.Results)
        {
            foreach (var diagnostic in file.Diagnostics)
                if (diagnostic.IsError) error.WriteLine(diagnostic.ToString());
        }

        // The real pipeline: the same QueryProcessor the server runs, with every region up (offline).
        var processor = GeoDnsHost.CreateProcessor(loaded.ZoneSet, configuration);
        var explanation = Explainer.Explain(geo, processor, qname, qtype, address, prefix, ecs, masked);
        Write(output, explanation);
        return ExitCodes.Ok;
    }

    /// <summary>The text form of an <see cref="Explanation"/>.</summary>
    public static void Write(TextWriter output, Explanation explanation)
    {
        var client = explanation.Client;
        output.WriteLine($"query:      {explanation.Name} {explanation.Type}");
        if (!client.Ecs)
            output.WriteLine($"client:     {client.Address} (the packet's source address; no EDNS Client Subnet)");
        else if (client.Prefix == 0)
            output.WriteLine($"client:     {client.Address}/0 as EDNS Client Subnet: source prefix 0, so located by the packet's source address {client.Address}");
        else
            output.WriteLine($"client:     {client.Address}/{client.Prefix} as EDNS Client Subnet (source prefix {client.Prefix}){(client.Masked ? "; address bits beyond the prefix cleared" : "")}");
        WriteLocation(output, explanation.Database);
        output.WriteLine($"cidr rule:  {(explanation.Rule is { } rule ? $"{rule.Network} -> {string.Join(", ", rule.Regions)}" : "none matched")}");
        output.WriteLine("order:");
        if (explanation.Order.Count == 0) output.WriteLine("  (no regions configured)");
        foreach (var region in explanation.Order)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {region.Position}. {region.Name,-16} {region.Reason,-32} {region.State}"));
        }
        WriteAnswer(output, explanation.Answer);
        WriteScope(output, explanation.Scope, client.Ecs);
    }

    private static void WriteLocation(TextWriter output, ExplainDatabase database)
    {
        if (!database.Configured)
        {
            output.WriteLine("database:   none configured (Geo:Database)");
            return;
        }
        string network = database.Network ?? "no network";
        if (!database.HasRecord)
        {
            output.WriteLine($"database:   {database.DatabaseType}: {network}, no record");
            return;
        }
        var parts = new List<string>();
        if (database.Continent is { } continent) parts.Add($"continent {continent}");
        if (database.Country is { } country) parts.Add($"country {country}");
        if (database.Subdivision is { } subdivision) parts.Add($"subdivision {subdivision}");
        if (database.Latitude is { } lat && database.Longitude is { } lon)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"location {lat:0.####}, {lon:0.####}"));
        output.WriteLine($"database:   {database.DatabaseType}: {network}: {(parts.Count == 0 ? "empty record" : string.Join(", ", parts))}");
    }

    private static void WriteAnswer(TextWriter output, ExplainAnswer answer)
    {
        var flags = new List<string>();
        if (answer.Authoritative) flags.Add("aa");
        if (answer.Truncated) flags.Add("tc");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer:     {answer.Rcode}{(flags.Count > 0 ? " (" + string.Join(" ", flags) + ")" : "")}, {Plural(answer.AnswerRecords, "answer record")}"));
        WriteSection(output, answer.Answer);
        if (answer.Authority.Count > 0)
        {
            output.WriteLine("authority:");
            WriteSection(output, answer.Authority);
        }
        output.WriteLine(answer.Ttl is { } t ? string.Create(CultureInfo.InvariantCulture, $"ttl:        {t}") : "ttl:        (no answer records)");
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static void WriteSection(TextWriter output, IReadOnlyList<ExplainRecord> records)
    {
        foreach (var record in records) output.WriteLine($"  {record.Record}    ; {record.From}");
    }

    private static void WriteScope(TextWriter output, ExplainScope scope, bool ecs)
    {
        string depends = scope.RegionDependent
            ? $"the answer depends on the region (location scope /{scope.LocationScope})"
            : "the answer does not depend on the region";
        if (!ecs)
        {
            output.WriteLine($"ecs scope:  none (the query carried no ECS); {depends}");
        }
        else if (scope.Echo is { } echo)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ecs scope:  /{echo.ScopePrefix}, echoed as CLIENT-SUBNET {echo.Address}/{echo.SourcePrefix}/{echo.ScopePrefix}; {depends}"));
        }
        else
        {
            output.WriteLine($"ecs scope:  the response carries no ECS option; {depends}");
        }
    }

    private static int Invalid(TextWriter error, string message)
    {
        error.WriteLine($"geodns explain: {message}");
        return ExitCodes.InvalidConfiguration;
    }
}
