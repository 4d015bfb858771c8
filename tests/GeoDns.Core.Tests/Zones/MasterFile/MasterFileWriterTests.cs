using System.Buffers.Binary;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using static GeoDns.Core.Tests.Zones.MasterFile.ParserTestHelpers;

namespace GeoDns.Core.Tests.Zones.MasterFile;

public sealed class MasterFileWriterTests
{
    private const string EveryType = """
        $ORIGIN example.com.
        $TTL 1h
        @        IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
                 IN NS    ns1
                 IN NS    ns2.example.net.
                 IN MX    10 mail
                 IN TXT   "v=spf1 -all" "second \"string\"" plain
                 IN SPF   "v=spf1 -all"
                 IN CAA   0 issue "letsencrypt.org"
                 IN HTTPS 1 . alpn="h2,h3" ipv4hint=192.0.2.80 port=443 ech="AQIDBA==" ipv6hint=2001:db8::80 key65000="x" mandatory=port
                 IN LOC   52 22 23.5 N 4 53 32 E -2m 1m 10000m 10m
                 IN DNSKEY 257 3 13 ( mdsswUyr3DPW132mOi8V9xESWE8jTo0d
                                      xCjjnopKl+GqJxpVXckHAeF+KkxLbxIL
                                      fDLUT0rAK9iUzy1L53eKGQ== )
        ns1      IN A     192.0.2.53
                 IN AAAA  2001:db8::53
        mail     IN A     192.0.2.25
        www   60 IN CNAME web.Example.NET.
        _sip._udp IN SRV  10 60 5060 sip
                 IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
        host     IN HINFO "INTEL" "LINUX"
                 IN SSHFP 1 1 123456789abcdef67890123456789abcdef67890
        _443._tcp IN TLSA 3 1 1 0011AABBCCDD
        sub      IN NS    ns.sub
                 IN DS    60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
        ns.sub   IN A     192.0.2.99
        old      IN DNAME new.example.net.
        _ftp._tcp IN URI  10 1 "ftp://ftp1.example.com/public"
        svc      IN SVCB  0 svc.example.net.
        4.2      IN PTR   host
        odd\.name\032x IN TYPE65280 \# 4 0A000001
        $REGION eu-west
        www   60 IN A     198.51.100.10
        www   60 IN A     198.51.100.11
        $REGION us-east
        www   30 IN A     203.0.113.10
        geo      IN TXT   "us"
        $REGION eu-west
        geo      IN TXT   "eu"
        $REGION
        tail     IN A     192.0.2.200
        """;

    [Fact]
    public void Prints_origin_regionless_records_then_region_blocks()
    {
        MasterFileParseResult r = ParseClean("$TTL 60\na A 192.0.2.1\n$REGION eu\nb A 192.0.2.2\n$REGION\nc TXT \"x y\"\n$REGION us\nd AAAA ::1\n$REGION eu\ne MX 5 a\n");
        string text = MasterFileWriter.Write(r.Origin, r.Records);
        Assert.Equal("""
            $ORIGIN example.com.
            a.example.com. 60 IN A 192.0.2.1
            c.example.com. 60 IN TXT "x y"
            $REGION eu
            b.example.com. 60 IN A 192.0.2.2
            e.example.com. 60 IN MX 5 a.example.com.
            $REGION us
            d.example.com. 60 IN AAAA ::1
            $REGION

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Round_trips_a_zone_with_every_type_and_regions()
    {
        MasterFileParseResult first = ParseClean(EveryType, "example.com.zone");
        Assert.Equal(33, first.Records.Count);
        string printed = MasterFileWriter.Write(first.Origin, first.Records);
        MasterFileParseResult second = ParseClean(printed, "printed.zone");
        Assert.Equal(first.Origin, second.Origin);
        AssertSameRecords(WriterOrder(first.Records), second.Records);
        Assert.Equal(first.Regions, second.Regions);

        // Printing is stable: a second print gives the same text.
        Assert.Equal(printed, MasterFileWriter.Write(second.Origin, second.Records));
    }

    [Fact]
    public void Round_trips_random_records()
    {
        var random = new Random(20261129);
        byte[] origin = Wire("example.com.");
        string[] regions = ["eu-west", "us-east", "ap"];
        var records = new List<ZoneRecord>();
        for (int i = 0; i < 400; i++)
        {
            (ushort type, byte[] rdata) = RandomRdata(random);
            string? region = random.Next(3) == 0 ? regions[random.Next(regions.Length)] : null;
            uint ttl = (uint)random.Next(0, int.MaxValue);
            records.Add(new ZoneRecord(RandomName(random, lower: true), type, RRClass.IN, ttl, rdata, region, default));
        }

        string printed = MasterFileWriter.Write(origin, records);
        MasterFileParseResult parsed = ParseClean(printed, "random.zone");
        AssertSameRecords(WriterOrder(records), parsed.Records);
    }

    private static List<ZoneRecord> WriterOrder(IReadOnlyList<ZoneRecord> records)
    {
        var ordered = records.Where(r => r.Region is null).ToList();
        foreach (string region in records.Where(r => r.Region is not null).Select(r => r.Region!).Distinct())
            ordered.AddRange(records.Where(r => r.Region == region));
        return ordered;
    }

    private static void AssertSameRecords(IReadOnlyList<ZoneRecord> expected, IReadOnlyList<ZoneRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            ZoneRecord e = expected[i], a = actual[i];
            string what = $"record {i}: {MasterFileWriter.FormatRecord(e)}";
            Assert.True(e.Owner.AsSpan().SequenceEqual(a.Owner), what + " owner " + Name(a.Owner));
            Assert.True(e.Type == a.Type, what + " type");
            Assert.True(e.Class == a.Class, what + " class");
            Assert.True(e.Ttl == a.Ttl, what + " ttl");
            Assert.True(e.Rdata.AsSpan().SequenceEqual(a.Rdata), what + " rdata " + Convert.ToHexString(a.Rdata));
            Assert.True(e.Region == a.Region, what + " region");
        }
    }

    private static byte[] RandomName(Random random, bool lower)
    {
        int labels = random.Next(0, 5);
        var bytes = new List<byte>();
        for (int l = 0; l < labels; l++)
        {
            int length = random.Next(1, 20);
            bytes.Add((byte)length);
            for (int k = 0; k < length; k++)
            {
                byte b = random.Next(4) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)"-_.\\\"()@$; *"[random.Next(12)],
                    _ => (byte)random.Next('A', 'z' + 1),
                };
                bytes.Add(lower ? DnsName.ToLower(b) : b);
            }
        }
        bytes.Add(0);
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int min, int max)
    {
        byte[] b = new byte[random.Next(min, max + 1)];
        random.NextBytes(b);
        return b;
    }

    /// <summary>A length-prefixed character-string of random bytes.</summary>
    private static byte[] CharString(Random random, int max)
    {
        byte[] content = RandomBytes(random, 0, max);
        return [(byte)content.Length, .. content];
    }

    private static (ushort Type, byte[] Rdata) RandomRdata(Random random)
    {
        var w = new List<byte>();
        void U8(int v) => w.Add((byte)v);
        void U16(int v) { w.Add((byte)(v >> 8)); w.Add((byte)v); }
        void U32(uint v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(s, v); w.AddRange(s.ToArray()); }
        void Bytes(byte[] b) => w.AddRange(b);
        void Name() => Bytes(RandomName(random, lower: false));
        byte Precision() { int m = random.Next(10); return (byte)(m << 4 | (m == 0 ? 0 : random.Next(10))); }

        switch (random.Next(22))
        {
            case 0: Bytes(RandomBytes(random, 4, 4)); return (RRType.A, [.. w]);
            case 1: Bytes(RandomBytes(random, 16, 16)); return (RRType.AAAA, [.. w]);
            case 2: Name(); return (RRType.NS, [.. w]);
            case 3: Name(); return (RRType.CNAME, [.. w]);
            case 4: Name(); return (RRType.DNAME, [.. w]);
            case 5: Name(); return (RRType.PTR, [.. w]);
            case 6: Name(); Name(); for (int i = 0; i < 5; i++) U32((uint)random.NextInt64(0, uint.MaxValue + 1L)); return (RRType.SOA, [.. w]);
            case 7: U16(random.Next(65536)); Name(); return (RRType.MX, [.. w]);
            case 8: for (int i = random.Next(1, 4); i > 0; i--) Bytes(CharString(random, 255)); return (RRType.TXT, [.. w]);
            case 9: U16(random.Next(65536)); U16(random.Next(65536)); U16(random.Next(65536)); Name(); return (RRType.SRV, [.. w]);
            case 10:
            {
                U8(random.Next(256));
                string tag = new(Enumerable.Range(0, random.Next(1, 16)).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789ABC"[random.Next(39)]).ToArray());
                U8(tag.Length);
                Bytes(System.Text.Encoding.ASCII.GetBytes(tag));
                Bytes(RandomBytes(random, 0, 100));
                return (RRType.CAA, [.. w]);
            }
            case 11:
                U16(random.Next(65536)); U16(random.Next(65536));
                Bytes(CharString(random, 10)); Bytes(CharString(random, 20)); Bytes(CharString(random, 40)); Name();
                return (RRType.NAPTR, [.. w]);
            case 12: U8(random.Next(256)); U8(random.Next(256)); Bytes(RandomBytes(random, 1, 64)); return (RRType.SSHFP, [.. w]);
            case 13: U8(random.Next(256)); U8(random.Next(256)); U8(random.Next(256)); Bytes(RandomBytes(random, 1, 64)); return (RRType.TLSA, [.. w]);
            case 14: U16(random.Next(65536)); U8(random.Next(256)); U8(random.Next(256)); Bytes(RandomBytes(random, 1, 48)); return (RRType.DS, [.. w]);
            case 15: U16(random.Next(65536)); U8(3); U8(random.Next(256)); Bytes(RandomBytes(random, 1, 300)); return (RRType.DNSKEY, [.. w]);
            case 16: U16(random.Next(65536)); U16(random.Next(65536)); Bytes(RandomBytes(random, 1, 80)); return (RRType.URI, [.. w]);
            case 17:
                U8(0); U8(Precision()); U8(Precision()); U8(Precision());
                U32((uint)((1L << 31) + random.NextInt64(-90L * 3_600_000, 90L * 3_600_000 + 1)));
                U32((uint)((1L << 31) + random.NextInt64(-180L * 3_600_000, 180L * 3_600_000 + 1)));
                U32((uint)random.NextInt64(0, uint.MaxValue + 1L));
                return (RRType.LOC, [.. w]);
            case 18: Bytes(CharString(random, 30)); Bytes(CharString(random, 30)); return (RRType.HINFO, [.. w]);
            case 19:
            case 20:
            {
                U16(random.Next(65536));
                Name();
                var keys = new SortedSet<int>();
                for (int i = random.Next(0, 6); i > 0; i--) keys.Add(random.Next(8) switch { 7 => random.Next(7, 65535), int k => k });
                if (keys.Contains(0) && keys.Count == 1) keys.Remove(0);
                foreach (int key in keys)
                {
                    U16(key);
                    byte[] value = key switch
                    {
                        0 => keys.Where(k => k != 0).Take(2).SelectMany(k => new[] { (byte)(k >> 8), (byte)k }).ToArray(),
                        1 => Enumerable.Range(0, random.Next(1, 4)).SelectMany(_ => CharString(random, 12) is var s && s[0] == 0 ? [(byte)1, (byte)','] : s).ToArray(),
                        2 => [],
                        3 => RandomBytes(random, 2, 2),
                        4 => RandomBytes(random, 4, 4 * random.Next(1, 4)) is var a ? a[..(a.Length / 4 * 4)] : [],
                        5 => RandomBytes(random, 1, 40),
                        6 => RandomBytes(random, 16, 16),
                        _ => RandomBytes(random, 0, 20),
                    };
                    U16(value.Length);
                    Bytes(value);
                }
                return (random.Next(2) == 0 ? RRType.SVCB : RRType.HTTPS, [.. w]);
            }
            default: Bytes(RandomBytes(random, 0, 40)); return ((ushort)random.Next(65280, 65535), [.. w]);
        }
    }
}
