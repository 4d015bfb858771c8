using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// A MaxMind DB shaped like GeoLite2-ASN: a valid IPv4 file whose one record holds only
/// <c>autonomous_system_number</c> and <c>autonomous_system_organization</c>, no location data.
/// The search tree is a single node whose two halves (0.0.0.0/1, 128.0.0.0/1) point at that record.
/// </summary>
internal static class AsnMmdb
{
    public static byte[] Build(string databaseType = "GeoLite2-ASN")
    {
        var data = new MmdbEncoder();
        data.WriteMap(2);
        data.WriteString("autonomous_system_number");
        data.WriteUInt32(64496);
        data.WriteString("autonomous_system_organization");
        data.WriteString("Example Networks");

        const uint NodeCount = 1;
        uint record = NodeCount + MmdbFormat.DataSectionSeparator; // the record at data offset 0
        byte[] tree = [(byte)(record >> 16), (byte)(record >> 8), (byte)record, (byte)(record >> 16), (byte)(record >> 8), (byte)record];

        var metadata = new MmdbEncoder();
        metadata.WriteMap(6);
        metadata.WriteString("binary_format_major_version");
        metadata.WriteUInt16(2);
        metadata.WriteString("build_epoch");
        metadata.WriteUInt64(1_700_000_000);
        metadata.WriteString("database_type");
        metadata.WriteString(databaseType);
        metadata.WriteString("ip_version");
        metadata.WriteUInt16(4);
        metadata.WriteString("node_count");
        metadata.WriteUInt32(NodeCount);
        metadata.WriteString("record_size");
        metadata.WriteUInt16(24);

        return [.. tree, .. new byte[MmdbFormat.DataSectionSeparator], .. data.Written, .. MmdbFormat.MetadataMarker, .. metadata.Written];
    }
}
