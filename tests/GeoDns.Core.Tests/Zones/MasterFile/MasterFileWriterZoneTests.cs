using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Core.Zones.Loading;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Tests.Zones.MasterFile;

/// <summary><see cref="MasterFileWriter.Write(Zone)"/>: a built zone printed and loaded again is the same zone.</summary>
public sealed class MasterFileWriterZoneTests
{
    private const string Text = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS    ns1
                 IN MX    10 mail
                 IN TXT   "v=spf1 -all" "two"
                 IN CAA   0 issue "letsencrypt.org"
        ns1      IN A     192.0.2.53
        mail     IN A     192.0.2.25
        Docs     IN CNAME www
        *.wild   IN TXT   "wildcard"
        sub      IN NS    ns.sub
        ns.sub   IN A     192.0.2.99
        _sip._udp IN SRV  10 60 5060 sip
        www   60 IN A     192.0.2.2
        $REGION eu-west
        www   60 IN A     192.0.2.1
        www   60 IN AAAA  2001:db8:e::1
        *.cdn 60 IN A     192.0.2.11
        $REGION us-east
        www   30 IN A     192.0.2.12
        www   30 IN A     192.0.2.13
        $REGION
        odd\.name IN TYPE65280 \# 2 0A00
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_zone_printed_and_loaded_again_has_the_same_data_and_serial(bool topology)
    {
        var options = topology ? new ZoneLoadOptions { Regions = ["us-east", "eu-west"] } : null;
        var first = ZoneLoader.LoadText(Text, "example.com.zone", options);
        Assert.True(first.Success, string.Join("\n", first.Diagnostics));

        string printed = MasterFileWriter.Write(first.Zone!);
        var second = ZoneLoader.LoadText(printed, "copy.zone", options);

        Assert.True(second.Success, string.Join("\n", second.Diagnostics) + "\n" + printed);
        Assert.Empty(second.Diagnostics);
        Assert.True(ZoneContent.SameData(first.Zone!, second.Zone!), printed);
        Assert.Equal(first.Zone!.Serial, second.Zone!.Serial);
        Assert.Equal(first.Zone.RecordCount, second.Zone.RecordCount);
        Assert.StartsWith("$ORIGIN example.com.\nexample.com. 3600 IN SOA ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_served_serial_is_printed_after_AutoSerial_bumped_it()
    {
        var zone = ZoneLoader.LoadText(Text, "example.com.zone").Zone!.WithSerial(2026112905);

        var again = ZoneLoader.LoadText(MasterFileWriter.Write(zone), "copy.zone").Zone!;

        Assert.Equal(2026112905u, again.Serial);
    }
}
