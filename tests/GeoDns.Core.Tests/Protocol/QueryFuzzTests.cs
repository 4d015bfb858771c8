using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using static GeoDns.Core.Tests.Protocol.ProcessorHarness;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>Deterministic mutation fuzzing: Process never throws and every reply is a well-formed message.</summary>
public sealed class QueryFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_queries_never_throw_and_replies_always_decode(int seed)
    {
        var random = new Random(seed);
        var www = Wire.Set("www.example.com.", RRType.MX, 60, Wire.Mx(10, "mail.example.com."));
        var harness = new ProcessorHarness(new ProtocolOptions { Identity = "fuzz", Version = "v" },
            r => Fill(r, LookupOutcome.Answer, true, answer: [Entry(www)]));
        byte[][] seeds =
        [
            new QuerySpec().Build(),
            new QuerySpec { Edns = new EdnsSpec(4096, 0, true, EdnsSpec.Option(EdnsOptionCode.Nsid)) }.Build(),
            new QuerySpec { Name = "version.bind.", Type = RRType.TXT, Class = RRClass.CH }.Build(),
        ];

        int replies = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] packet = Mutate(random, seeds[i % seeds.Length]);
            int length = harness.RawProcess(packet);
            if (length == 0)
            {
                Assert.True(packet.Length < 12 || (packet[2] & 0x80) != 0, "only short or QR=1 packets are dropped");
                continue;
            }
            replies++;
            var reply = harness.RawProcessResult(length);
            Assert.True(reply.Qr);
            Assert.Equal(packet[0], reply.Bytes[0]);
            Assert.Equal(packet[1], reply.Bytes[1]);
            Assert.True(reply.Length <= 512 || reply.Opt is not null);
        }
        Assert.Equal(0, harness.Processor.FailureCount);
        Assert.True(replies > 1000);
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var packet = new List<byte>(seed);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0 when packet.Count > 0:
                    packet[random.Next(packet.Count)] = (byte)random.Next(256);
                    break;
                case 1 when packet.Count > 0:
                    packet.RemoveRange(random.Next(packet.Count), 1);
                    break;
                case 2:
                    packet.Insert(random.Next(packet.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    int keep = random.Next(packet.Count + 1); // truncate
                    packet.RemoveRange(keep, packet.Count - keep);
                    break;
            }
        }
        if (packet.Count > 2) packet[2] &= 0x7F; // mostly keep QR=0 so the pipeline runs
        return [.. packet];
    }
}
