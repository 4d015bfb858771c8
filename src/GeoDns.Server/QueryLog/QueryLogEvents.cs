using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Telemetry;
using Serilog.Events;
using Serilog.Parsing;

namespace GeoDns.Server.QueryLog;

/// <summary>Turns a dequeued <see cref="QueryLogEntry"/> into the Serilog event of one query log line (the writer's thread, never the query path).</summary>
internal static class QueryLogEvents
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("query");
    private static readonly ScalarValue Udp = new("udp");
    private static readonly ScalarValue Tcp = new("tcp");

    /// <param name="regionNames">the topology's region names, for the chosen region's index.</param>
    public static LogEvent Create(in QueryLogEntry entry, ReadOnlySpan<byte> qname, IReadOnlyList<string> regionNames)
    {
        var properties = new List<LogEventProperty>(9)
        {
            new("proto", entry.Transport == Transport.Tcp ? Tcp : Udp),
            new("client", new ScalarValue(Address(entry.Client, entry.ClientIsIPv6))),
        };
        if (entry.HasEcs)
        {
            properties.Add(new LogEventProperty("ecs", new StructureValue(
            [
                new LogEventProperty("address", new ScalarValue(Address(entry.Ecs.Address, entry.Ecs.IsIPv6))),
                new LogEventProperty("source", new ScalarValue((int)entry.Ecs.SourcePrefix)),
                new LogEventProperty("scope", new ScalarValue((int)entry.Ecs.ScopePrefix)),
            ])));
        }
        if (entry.HasQuestion)
        {
            properties.Add(new LogEventProperty("qname", new ScalarValue(DnsName.ToString(qname))));
            properties.Add(new LogEventProperty("qtype", new ScalarValue(RRTypeNames.Of(entry.QType))));
        }
        properties.Add(new LogEventProperty("rcode", new ScalarValue(RCodeLabels.Name(entry.RCode))));
        if ((uint)entry.Region < (uint)regionNames.Count)
            properties.Add(new LogEventProperty("region", new ScalarValue(regionNames[entry.Region])));
        properties.Add(new LogEventProperty("size", new ScalarValue(entry.ResponseLength)));
        var time = new DateTimeOffset(entry.UtcTicks, TimeSpan.Zero);
        return new LogEvent(time, LogEventLevel.Information, null, Template, properties);
    }

    /// <summary>An address held as a number (IPv4 in the low 32 bits) in text form.</summary>
    public static string Address(UInt128 value, bool isIPv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new System.Net.IPAddress(isIPv6 ? bytes : bytes[12..]).ToString();
    }
}
