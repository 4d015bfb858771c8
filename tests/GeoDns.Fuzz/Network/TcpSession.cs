using System.Buffers.Binary;
using GeoDns.Fuzz.Generation;

namespace GeoDns.Fuzz.Network;

/// <summary>
/// One TCP connection's worth of bytes (RFC 7766 §8: each message after a 2-byte length) and how
/// they are cut into writes. A clean session frames valid queries correctly (pipelined, several in
/// one segment, split inside a message or inside a length prefix), and every one must be answered in
/// order. A hostile session frames any case, and may lie in a length prefix, send a zero or
/// shorter-than-a-header length, garbage between frames, or a frame that never ends.
/// </summary>
internal sealed class TcpSession
{
    private TcpSession(long index, bool clean, byte[] stream, int[] segments, List<FuzzCase> cases, List<string> recipe)
    {
        Index = index;
        Clean = clean;
        Stream = stream;
        Segments = segments;
        Cases = cases;
        Recipe = string.Join(", ", recipe);
    }

    public long Index { get; }
    public bool Clean { get; }
    public byte[] Stream { get; }
    /// <summary>The sizes of the writes, in order; they add up to the stream's length.</summary>
    public int[] Segments { get; }
    /// <summary>The cases framed, in order (their IDs rewritten to be unique in the session).</summary>
    public List<FuzzCase> Cases { get; }
    public string Recipe { get; }

    /// <summary>Session <paramref name="index"/>: its cases come from <paramref name="generator"/> at indices derived from it.</summary>
    public static TcpSession Build(QueryGenerator generator, long index)
    {
        var random = new Random(QueryGenerator.CaseSeed(generator.Seed ^ 0x7C9, index));
        bool clean = random.Next(5) < 2;
        var recipe = new List<string> { clean ? "clean" : "hostile" };
        var cases = new List<FuzzCase>();
        var stream = new List<byte>();
        // Mostly a few messages; now and then a long pipeline (RFC 7766 §6.2.1.1).
        int frames = random.Next(10) == 0 ? random.Next(20, 101) : random.Next(1, 9);
        if (frames > 8) recipe.Add($"{frames} messages");
        long caseIndex = index * 512;
        for (int f = 0; f < frames; f++)
        {
            FuzzCase fuzzCase = generator.Generate(caseIndex++);
            if (clean)
            {
                while (fuzzCase.Kind != CaseKind.Valid) fuzzCase = generator.Generate(caseIndex++);
            }
            byte[] message = fuzzCase.Message;
            if (message.Length >= 2) BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)(index * 128 + f));
            cases.Add(fuzzCase);
            int prefix = message.Length;
            if (!clean)
            {
                switch (random.Next(12))
                {
                    case 0:
                        recipe.Add($"frame {f}: length 0");
                        prefix = 0;
                        break;
                    case 1:
                        prefix = random.Next(1, 12);
                        recipe.Add($"frame {f}: length {prefix}");
                        break;
                    case 2:
                        prefix = Math.Min(0xFFFF, message.Length + random.Next(1, 40));
                        recipe.Add($"frame {f}: length {prefix} for {message.Length} bytes");
                        break;
                    case 3 when message.Length > 0:
                        prefix = random.Next(message.Length);
                        recipe.Add($"frame {f}: length {prefix} for {message.Length} bytes");
                        break;
                    case 4:
                        var garbage = new byte[random.Next(1, 6)];
                        random.NextBytes(garbage);
                        stream.AddRange(garbage);
                        recipe.Add($"{garbage.Length} bytes of garbage before frame {f}");
                        break;
                    default:
                        break;
                }
            }
            stream.Add((byte)(prefix >> 8));
            stream.Add((byte)prefix);
            stream.AddRange(message);
        }
        if (!clean && random.Next(4) == 0)
        {
            recipe.Add("a frame that never ends");
            stream.Add(0x01);
            if (random.Next(2) == 0) stream.Add(0x00);
        }
        return new TcpSession(index, clean, [.. stream], Cut(random, stream.Count, recipe), cases, recipe);
    }

    /// <summary>One case, correctly framed, in one write; clean (it must be answered) when its expectation says so.</summary>
    public static TcpSession Single(FuzzCase fuzzCase)
    {
        byte[] message = fuzzCase.Message;
        byte[] stream = [(byte)(message.Length >> 8), (byte)message.Length, .. message];
        return new TcpSession(fuzzCase.Index, fuzzCase.Expect != Expectation.Any, stream, [stream.Length], [fuzzCase], [fuzzCase.Recipe]);
    }

    /// <summary>The messages a reader of correct framing finds in the stream, in order: offset and length of each complete one.</summary>
    public List<(int Offset, int Length)> Framed()
    {
        var messages = new List<(int, int)>();
        int pos = 0;
        while (pos + 2 <= Stream.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(Stream.AsSpan(pos));
            if (pos + 2 + length > Stream.Length) break;
            messages.Add((pos + 2, length));
            pos += 2 + length;
        }
        return messages;
    }

    private static int[] Cut(Random random, int total, List<string> recipe)
    {
        var segments = new List<int>();
        switch (total > 4000 ? random.Next(2) * 2 : random.Next(4))
        {
            case 0:
                recipe.Add("one write");
                segments.Add(total);
                break;
            case 1:
                recipe.Add("1-3 bytes a write");
                for (int left = total; left > 0;)
                {
                    int size = Math.Min(left, random.Next(1, 4));
                    segments.Add(size);
                    left -= size;
                }
                break;
            default:
                recipe.Add("random writes");
                for (int left = total; left > 0;)
                {
                    int size = Math.Min(left, random.Next(1, 200));
                    segments.Add(size);
                    left -= size;
                }
                break;
        }
        return [.. segments];
    }
}
