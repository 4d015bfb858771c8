using System.Globalization;
using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Prints records as a master file that <see cref="MasterFileParser"/> reads back to the same
/// records: an <c>$ORIGIN</c> line, region-less records first, then one <c>$REGION</c> block per
/// region (in order of first appearance) closed by a bare <c>$REGION</c>. Names are written
/// absolute, every record with its TTL and class.
/// </summary>
public static class MasterFileWriter
{
    public static string Write(byte[] origin, IEnumerable<ZoneRecord> records)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        var sb = new StringBuilder();
        sb.Append("$ORIGIN ").Append(DnsName.ToString(origin)).Append('\n');

        var regionOrder = new List<string>();
        var byRegion = new Dictionary<string, List<ZoneRecord>>(StringComparer.Ordinal);
        foreach (ZoneRecord record in records)
        {
            if (record.Region is null)
            {
                AppendRecord(sb, record);
                continue;
            }
            if (!byRegion.TryGetValue(record.Region, out List<ZoneRecord>? list))
            {
                list = [];
                byRegion.Add(record.Region, list);
                regionOrder.Add(record.Region);
            }
            list.Add(record);
        }
        foreach (string region in regionOrder)
        {
            sb.Append("$REGION ").Append(region).Append('\n');
            foreach (ZoneRecord record in byRegion[region]) AppendRecord(sb, record);
        }
        if (regionOrder.Count > 0) sb.Append("$REGION\n");
        return sb.ToString();
    }

    /// <summary>
    /// Prints a built zone: every RRset it serves, region-less and per <c>$REGION</c> (by the
    /// zone's region names), with the SOA first and each RRset's TTL on every record. Reading the
    /// text back with <c>ZoneLoader</c> builds a zone that gives the same answers; owners
    /// come out lower-cased, as the zone stores them.
    /// </summary>
    public static string Write(Zone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var records = new List<ZoneRecord>(zone.RecordCount);
        AddRecords(records, zone.Soa, null);
        foreach (var set in zone.RRsets)
        {
            if (ReferenceEquals(set, zone.Soa) || set.Type == RRType.SOA) continue;
            string? region = set.Region == RRset.NoRegion ? null : zone.RegionNames[set.Region];
            AddRecords(records, set, region);
        }
        return Write(zone.Origin, records);
    }

    private static void AddRecords(List<ZoneRecord> records, RRset set, string? region)
    {
        foreach (var rdata in set) records.Add(new ZoneRecord(set.Owner, set.Type, set.Class, set.Ttl, rdata.ToArray(), region, default));
    }

    /// <summary>One record line without the newline (for tools and diagnostics).</summary>
    public static string FormatRecord(ZoneRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sb = new StringBuilder();
        AppendRecord(sb, record);
        sb.Length--;
        return sb.ToString();
    }

    private static void AppendRecord(StringBuilder sb, ZoneRecord record)
    {
        sb.Append(DnsName.ToString(record.Owner)).Append(' ');
        sb.Append(record.Ttl.ToString(CultureInfo.InvariantCulture)).Append(' ');
        sb.Append(RdataCodec.ClassName(record.Class)).Append(' ');
        sb.Append(RdataCodec.TypeName(record.Type)).Append(' ');
        RdataCodec.AppendFormatted(record.Type, record.Rdata, sb);
        sb.Append('\n');
    }
}
