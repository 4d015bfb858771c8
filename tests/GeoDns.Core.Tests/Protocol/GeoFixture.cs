using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// A real topology (CIDR rules only, no database) and a zone with <c>$REGION</c> data, loaded the
/// way the server loads them (<c>Regions = topology.RegionNames</c>), behind one QueryProcessor.
/// Region indices: us 0, eu 1, ap 2 (DefaultOrder). Clients: 10.1/16 and 2001:db8:1::/48 → eu first,
/// 10.2/16 → us first, 10.3/16 → ap first.
/// </summary>
internal sealed class GeoFixture
{
    public const string ZoneText = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS  ns1
        ns1      IN A   192.0.2.53
        static   IN A   192.0.2.1
        www   60 IN A   192.0.2.80
        alias    IN CNAME www
        $REGION eu
        www   60 IN A   198.51.100.10
        *.wild   IN A   198.51.100.20
        only     IN A   198.51.100.30
        $REGION us
        www   60 IN A   203.0.113.10
        *.wild   IN A   203.0.113.20
        only     IN A   203.0.113.30
        $REGION ap
        only     IN A   192.0.2.130
        $REGION
        mail     IN A   192.0.2.25
        """;

    public GeoFixture(AllDownPolicy allDown = AllDownPolicy.First)
    {
        Topology = GeoTopology.Build(Options(allDown), null);
        ZoneLoadResult loaded = ZoneLoader.LoadText(ZoneText, "example.com.zone", new ZoneLoadOptions { Regions = Topology.RegionNames });
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        Zone = loaded.Zone!;
        Geo = new ServingState(new ServingSnapshot(Topology, HealthSnapshot.AllUp, new ZoneSet([Zone])));
        Processor = new QueryProcessor(Geo, new ProtocolOptions());
    }

    public GeoTopology Topology { get; }
    public Zone Zone { get; }
    public ServingState Geo { get; }
    public QueryProcessor Processor { get; }

    public static GeoOptions Options(AllDownPolicy allDown = AllDownPolicy.First) => new()
    {
        Regions = new(StringComparer.Ordinal)
        {
            ["eu"] = new RegionOptions { Location = [53.35, -6.26] },
            ["us"] = new RegionOptions { Location = [39.04, -77.49] },
            ["ap"] = new RegionOptions { Location = [19.08, 72.88] },
        },
        Networks = new(StringComparer.Ordinal)
        {
            ["10.1.0.0/16"] = ["eu"],
            ["10.2.0.0/16"] = ["us"],
            ["10.3.0.0/16"] = ["ap"],
            ["2001:db8:1::/48"] = ["eu"],
        },
        DefaultOrder = ["us", "eu", "ap"],
        AllDown = allDown,
    };

    public int Region(string name) => Topology.RegionNames.ToList().IndexOf(name);

    public void MarkDown(params string[] regions) =>
        Geo.SetHealth(new HealthSnapshot(regions.Select(Region)));

    /// <summary>Answers <paramref name="query"/> as if it came from <paramref name="source"/> over UDP.</summary>
    public ResponseReader Ask(byte[] query, string source = "127.0.0.1")
    {
        var buffer = new byte[65535];
        int length = Processor.Process(query, buffer, QueryContext.From(Transport.Udp, IPAddress.Parse(source)), new QueryScratch());
        Assert.True(length > 0);
        Assert.Equal(0, Processor.FailureCount);
        var reader = new ResponseReader(buffer.AsSpan(0, length));
        ARSoft.Tools.Net.Dns.DnsMessage.Parse(reader.Bytes); // an independent parser must accept it
        return reader;
    }

    /// <summary>ECS option data for <paramref name="network"/> ("10.1.2.0/24", "2001:db8::/56").</summary>
    public static byte[] EcsData(string network)
    {
        string[] parts = network.Split('/');
        IPAddress address = IPAddress.Parse(parts[0]);
        int prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        byte[] bytes = address.GetAddressBytes();
        ushort family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (ushort)1 : (ushort)2;
        return [.. Wire.U16(family), (byte)prefix, 0, .. bytes[..((prefix + 7) / 8)]];
    }

    public static byte[] Query(string name, string? ecs = null, ushort type = RRType.A) =>
        new QuerySpec
        {
            Name = name,
            Type = type,
            Edns = new EdnsSpec(Options: ecs is null ? [] : EdnsSpec.Option(EdnsOptionCode.ClientSubnet, EcsData(ecs))),
        }.Build();
}
