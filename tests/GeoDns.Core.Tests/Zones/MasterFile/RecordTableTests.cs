using GeoDns.Core.Dns;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Core.Tests.Zones.MasterFile;

public sealed class RecordTableTests
{
    // Enough records (and RDATA bytes) to need several entry blocks and several RDATA blocks,
    // with RDATA sizes from 0 to 65535 so some records land at the end of a block.
    [Fact]
    public void Records_read_back_exactly_across_block_boundaries()
    {
        var table = new RecordTable();
        var owners = new[] { new byte[] { 1, (byte)'a', 0 }, new byte[] { 1, (byte)'b', 0 } };
        const int count = 100_000;
        for (int i = 0; i < count; i++)
        {
            int length = i % 1000 == 999 ? 65535 : i % 37;
            var rdata = RdataFor(i, length);
            string? region = i % 3 == 0 ? "eu" : i % 3 == 1 ? null : "us";
            string file = i % 5 == 0 ? "inc.zone" : "main.zone";
            table.Add(owners[i % 2], (ushort)(1 + i % 50), (uint)i, rdata, region, new SourceLocation(file, i + 1, 1 + i % 7));
        }

        Assert.Equal(count, table.Count);
        Assert.Equal(["eu", "us"], table.RegionNames);
        for (int i = 0; i < count; i++)
        {
            int length = i % 1000 == 999 ? 65535 : i % 37;
            Assert.Same(owners[i % 2], table.Owner(i));
            Assert.Equal((ushort)(1 + i % 50), table.Type(i));
            Assert.Equal((uint)i, table.Ttl(i));
            Assert.True(table.Rdata(i).SequenceEqual(RdataFor(i, length)), $"RDATA of record {i}");
            Assert.Equal(i % 3 == 0 ? 0 : i % 3 == 1 ? -1 : 1, table.Region(i));
            Assert.Equal(new SourceLocation(i % 5 == 0 ? "inc.zone" : "main.zone", i + 1, 1 + i % 7), table.Location(i));
        }
    }

    [Fact]
    public void ToZoneRecords_keeps_shared_owners_and_copies_rdata()
    {
        var table = new RecordTable();
        var owner = new byte[] { 3, (byte)'w', (byte)'w', (byte)'w', 0 };
        table.Add(owner, RRType.A, 60, [192, 0, 2, 1], null, new SourceLocation("z", 1, 1));
        table.Add(owner, RRType.TXT, 60, [], "eu", new SourceLocation("z", 2, 3));
        table.SetTtl(1, 30);

        var records = table.ToZoneRecords();

        Assert.Equal(2, records.Length);
        Assert.Same(records[0].Owner, records[1].Owner);
        Assert.Equal(new byte[] { 192, 0, 2, 1 }, records[0].Rdata);
        Assert.Empty(records[1].Rdata);
        Assert.Equal(RRClass.IN, records[1].Class);
        Assert.Equal(30u, records[1].Ttl);
        Assert.Equal("eu", records[1].Region);
        Assert.Null(records[0].Region);
        Assert.Equal(new SourceLocation("z", 2, 3), records[1].Location);
    }

    [Fact]
    public void Released_table_is_empty_and_refuses_to_make_records()
    {
        var table = new RecordTable();
        table.Add([0], RRType.A, 60, [192, 0, 2, 1], null, new SourceLocation("z", 1, 1));

        table.Release();

        Assert.True(table.IsReleased);
        Assert.Equal(0, table.Count);
        Assert.Throws<InvalidOperationException>(() => table.ToZoneRecords());
    }

    [Fact]
    public void Index_out_of_range_throws()
    {
        var table = new RecordTable();
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Type(0));
    }

    private static byte[] RdataFor(int seed, int length)
    {
        var bytes = new byte[length];
        for (int k = 0; k < length; k++) bytes[k] = (byte)(seed * 31 + k);
        return bytes;
    }
}
