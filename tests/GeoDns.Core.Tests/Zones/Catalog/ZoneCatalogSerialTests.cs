using GeoDns.Core.Dns;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using static GeoDns.Core.Tests.Zones.Catalog.CatalogHarness;

namespace GeoDns.Core.Tests.Zones.Catalog;

public sealed class ZoneCatalogSerialTests
{
    private const string Data = "www A 192.0.2.80";
    private const string OtherData = "www A 192.0.2.81";

    public static TheoryData<uint, uint, bool, bool, uint, string?> Cases => new()
    {
        // old serial, new serial, data changed, AutoSerial → serial served, warning (part of it) or null
        { 5, 6, true, false, 6, null },
        { 5, 5, true, false, 5, "changed but its SOA serial 5 is not greater than the serial 5 in service (RFC 1982): secondaries would miss the change" },
        { 5, 4, true, false, 4, "secondaries would miss the change" },
        { 5, 5, false, false, 5, null },
        { 5, 5, true, true, 6, "changed but its SOA serial 5 is not greater than the serial 5 in service; serving it with serial 6 (AutoSerial)" },
        { 5, 3, true, true, 6, "serving it with serial 6 (AutoSerial)" },
        { 5, 9, true, true, 9, null },
        { uint.MaxValue, uint.MaxValue, true, true, 0, "serving it with serial 0 (AutoSerial)" },
        { uint.MaxValue, 0, true, false, 0, null },
        { uint.MaxValue - 5, 10, true, false, 10, null },
        { 1, 0x8000_0001, true, false, 0x8000_0001, "secondaries would miss the change" },
        { 5, 3, false, false, 3, "went back from 5 to 3" },
        { 5, 3, false, true, 5, "lower than the serial 5 in service; the data did not change, serving it with serial 5 (AutoSerial)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_serial_must_increase_when_the_data_changes(uint oldSerial, uint newSerial, bool changed, bool autoSerial, uint served, string? warning)
    {
        using var h = new CatalogHarness(new ZoneCatalogOptions { AutoSerial = autoSerial });
        h.Write("a.zone", ZoneText("a.example.", oldSerial, Data));
        h.Reload();

        h.Write("a.zone", ZoneText("a.example.", newSerial, changed ? OtherData : Data));
        var reload = h.Catalog.Prepare();

        var change = Assert.Single(reload.Changes);
        Assert.Equal(ZoneChangeKind.Changed, change.Kind);
        Assert.Equal(served, change.Zone!.Serial);
        var warnings = change.Diagnostics.Where(d => !d.IsError).ToList();
        if (warning is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            var single = Assert.Single(warnings);
            Assert.Contains(warning, single.Message, StringComparison.Ordinal);
            // At the SOA record.
            Assert.Equal(new SourceLocation(h.Shown("a.zone"), 3, 1), single.Location);
        }

        h.Catalog.Commit(reload);
        var zone = h.Serving("a.example.");
        Assert.Equal(served, zone.Serial);
        Assert.Equal(served, SerialOf(zone.Soa));
        // The apex SOA RRset (answers to SOA queries) is the one negative answers carry.
        Assert.Same(zone.Soa, zone.RRsets.Single(s => s.Type == 6));
        Assert.Equal(warning is null ? 0 : 1, h.Status("a.zone").Warnings.Count);
    }

    [Fact]
    public void Rewriting_the_same_data_in_another_form_is_not_a_change()
    {
        using var h = new CatalogHarness();
        h.Write("a.zone", ZoneText("a.example.", 7, "www A 192.0.2.80\nwww A 192.0.2.81\nmail MX 10 mx\nmx A 192.0.2.25"));
        h.Reload();

        h.Write("a.zone", """
            ; reformatted: comments, absolute names, TTL units, other record order
            $ORIGIN a.example.
            mx.a.example.   1h IN A  192.0.2.25
            a.example.      1h IN SOA ns.a.example. hostmaster.a.example. ( 7 1h 10m 2w 5m )
            www             1h    A  192.0.2.81
            www             1h    A  192.0.2.80   ; order within the RRset does not matter
            @               1h    NS ns
            mail            1h    MX 10 mx.a.example.
            ns              1h    A  192.0.2.1
            """);
        var reload = h.Catalog.Prepare();

        var change = Assert.Single(reload.Changes);
        Assert.Equal(ZoneChangeKind.Changed, change.Kind);
        Assert.DoesNotContain(change.Diagnostics, d => !d.IsError);
    }

    [Fact]
    public void A_touched_file_reloads_without_a_serial_warning()
    {
        using var h = new CatalogHarness(new ZoneCatalogOptions { AutoSerial = true });
        h.Write("a.zone", ZoneText("a.example.", 7, Data));
        h.Reload();

        h.Touch("a.zone");
        var reload = h.Catalog.Prepare();

        var change = Assert.Single(reload.Changes);
        Assert.Empty(change.Diagnostics);
        Assert.Equal(7u, change.Zone!.Serial);
    }

    [Theory]
    [InlineData("www 7200 A 192.0.2.80")]
    [InlineData("www A 192.0.2.80\nwww A 192.0.2.82")]
    [InlineData("www AAAA 2001:db8::80")]
    [InlineData("$REGION eu-west\nwww A 192.0.2.80\n$REGION")]
    public void Data_differences_count_as_changes(string edited)
    {
        using var h = new CatalogHarness();
        h.Write("a.zone", ZoneText("a.example.", 7, Data));
        h.Reload();

        h.Write("a.zone", ZoneText("a.example.", 7, edited));
        var change = Assert.Single(h.Catalog.Prepare().Changes);

        Assert.Contains(change.Diagnostics, d => d.Message.Contains("secondaries would miss the change", StringComparison.Ordinal));
    }

    [Fact]
    public void An_soa_field_other_than_the_serial_is_a_change()
    {
        using var h = new CatalogHarness();
        h.Write("a.zone", ZoneText("a.example.", 7));
        h.Reload();

        h.Write("a.zone", ZoneText("a.example.", 7).Replace("1209600 300", "1209600 600", StringComparison.Ordinal));
        var change = Assert.Single(h.Catalog.Prepare().Changes);

        Assert.Contains(change.Diagnostics, d => d.Message.Contains("secondaries would miss the change", StringComparison.Ordinal));
    }

    [Fact]
    public void AutoSerial_keeps_counting_from_the_serial_it_served()
    {
        using var h = new CatalogHarness(new ZoneCatalogOptions { AutoSerial = true });
        h.Write("a.zone", ZoneText("a.example.", 7, "www A 192.0.2.1"));
        h.Reload();

        for (int i = 2; i <= 4; i++)
        {
            h.Write("a.zone", ZoneText("a.example.", 7, $"www A 192.0.2.{i}"));
            h.Reload();
            Assert.Equal((uint)(6 + i), h.Serving("a.example.").Serial);
        }
    }

    [Theory]
    [InlineData(false, 5u, "secondaries would miss the change")]
    [InlineData(true, 8u, "serving it with serial 8 (AutoSerial)")]
    public void A_renamed_file_is_compared_with_the_zone_it_replaces(bool autoSerial, uint served, string warning)
    {
        using var h = new CatalogHarness(new ZoneCatalogOptions { AutoSerial = autoSerial });
        h.Write("a.zone", ZoneText("a.example.", 7, Data));
        h.Reload();

        h.Delete("a.zone");
        h.Write("renamed.zone", ZoneText("a.example.", 5, OtherData));
        var reload = h.Catalog.Prepare();

        var added = reload.Changes.Single(c => c.Kind == ZoneChangeKind.Added);
        Assert.Null(added.Previous);
        Assert.Equal(served, added.Zone!.Serial);
        Assert.Contains(warning, Assert.Single(added.Diagnostics).Message, StringComparison.Ordinal);
    }

    private static uint SerialOf(RRset soa)
    {
        foreach (var rdata in soa)
        {
            int names = GeoDns.Core.Dns.DnsName.Measure(rdata);
            names += GeoDns.Core.Dns.DnsName.Measure(rdata[names..]);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(rdata[names..]);
        }
        throw new InvalidOperationException("empty SOA RRset");
    }
}
