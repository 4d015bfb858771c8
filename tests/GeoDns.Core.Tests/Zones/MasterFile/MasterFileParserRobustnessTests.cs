using GeoDns.Core.Dns;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Tests.Zones.MasterFile;

/// <summary>Mangled input must give diagnostics, never an exception, and every record it does return must print and read back.</summary>
public sealed class MasterFileParserRobustnessTests
{
    private const string Seed = """
        $ORIGIN example.com.
        $TTL 1h
        @ IN SOA ns1 hostmaster ( 2026112901 1h 10m 14d 5m )
          IN NS ns1
          IN TXT "v=spf1 -all" "a\"b" plain
          IN CAA 0 issue "letsencrypt.org"
          IN HTTPS 1 . alpn="h2,h3" ipv4hint=192.0.2.80 port=443 ech="AQIDBA==" ipv6hint=2001:db8::80 mandatory=port
          IN LOC 52 22 23.5 N 4 53 32 E -2m 1m 10000m 10m
          IN DNSKEY 257 3 13 AQIDBA==
        ns1 IN A 192.0.2.53
            IN AAAA 2001:db8::53
        _sip._udp IN SRV 10 60 5060 sip
            IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
        sub IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
        _443._tcp IN TLSA 3 1 1 0011AABBCCDD
        x IN TYPE65280 \# 4 0A000001
        $GENERATE 1-3 h${0,2,x} A 10.0.0.$
        $REGION eu
        www 60 IN A 198.51.100.10
        $REGION
        """;

    private const string Alphabet = " \t\n()\";\\$@.0123456789aAxX#-=,{}";

    [Fact]
    public void Mangled_zones_never_throw()
    {
        var random = new Random(1129);
        int withErrors = 0;
        for (int i = 0; i < 500; i++)
        {
            char[] text = Seed.ToCharArray();
            var chars = new List<char>(text);
            for (int m = random.Next(1, 6); m > 0; m--)
            {
                int at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }
            string mangled = new(chars.ToArray());
            MasterFileParseResult result = MasterFileParser.ParseText(mangled, "mangled.zone");
            if (result.HasErrors) withErrors++;
            foreach (Diagnostic d in result.Diagnostics)
            {
                Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, d.ToString());
            }
            foreach (ZoneRecord record in result.Records)
            {
                string rdata = RdataCodec.Format(record.Type, record.Rdata);
                Assert.False(string.IsNullOrEmpty(rdata));
            }
            string printed = MasterFileWriter.Write(result.Origin, result.Records);
            MasterFileParseResult again = MasterFileParser.ParseText(printed, "printed.zone");
            Assert.False(again.HasErrors, mangled + "\n---\n" + string.Join("\n", again.Diagnostics));
            Assert.Equal(result.Records.Count, again.Records.Count);
        }
        Assert.True(withErrors > 100, $"only {withErrors} of 500 mangled zones had errors; the mangling is too weak to test anything");
    }
}
