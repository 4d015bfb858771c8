using GeoDns.Fuzz.Generation;

namespace GeoDns.Fuzz.Mutation;

/// <summary>
/// Mutates a generated message: first, field-aware corruptions at the places the generator marked
/// (counts, label lengths, RDLENGTHs, option lengths: off by one, zero, all ones, random), then
/// byte-level ones (bit flips, interesting bytes, inserts, deletes, duplicated ranges, truncation).
/// Mostly keeps QR=0, so that the server parses the result rather than dropping it.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0xC0, 0xC0, 0xFF, 0x29];

    public static byte[] Mutate(Random random, byte[] message, IReadOnlyList<LengthField> fields, List<string> recipe)
    {
        var bytes = new List<byte>(message);
        int fieldEdits = fields.Count == 0 ? 0 : random.Next(0, 3);
        for (int i = 0; i < fieldEdits; i++) CorruptField(random, bytes, fields, recipe);
        int byteEdits = random.Next(fieldEdits == 0 ? 1 : 0, 4);
        for (int i = 0; i < byteEdits; i++) MutateBytes(random, bytes, recipe);
        if (bytes.Count > 2 && random.Next(10) != 0) bytes[2] &= 0x7F;
        return [.. bytes];
    }

    private static void CorruptField(Random random, List<byte> bytes, IReadOnlyList<LengthField> fields, List<string> recipe)
    {
        // Prefer the fields that matter most for parsers: option lengths and RDLENGTHs when present.
        LengthField field = fields[random.Next(fields.Count)];
        if (random.Next(2) == 0)
        {
            var preferred = fields.Where(f => f.Kind is FieldKind.OptionLength or FieldKind.RdLength).ToList();
            if (preferred.Count > 0) field = preferred[random.Next(preferred.Count)];
        }
        if (field.Offset + field.Size > bytes.Count) return;
        int max = field.Size == 1 ? 0xFF : 0xFFFF;
        int old = field.Size == 1 ? bytes[field.Offset] : (bytes[field.Offset] << 8) | bytes[field.Offset + 1];
        int value = random.Next(7) switch
        {
            0 => 0,
            1 => max,
            2 => old + 1,
            3 => old - 1,
            4 => old + random.Next(2, 64),
            5 => field.Kind == FieldKind.Label ? 0xC0 | random.Next(64) : random.Next(max + 1), // a label length turned into a pointer
            _ => random.Next(max + 1),
        } & max;
        recipe.Add($"{field.Kind}@{field.Offset} {old}->{value}");
        if (field.Size == 1)
        {
            bytes[field.Offset] = (byte)value;
        }
        else
        {
            bytes[field.Offset] = (byte)(value >> 8);
            bytes[field.Offset + 1] = (byte)value;
        }
    }

    private static void MutateBytes(Random random, List<byte> bytes, List<string> recipe)
    {
        int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        switch (random.Next(bytes.Count == 0 ? 1 : 7))
        {
            case 0:
            {
                var inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                at = random.Next(bytes.Count + 1);
                bytes.InsertRange(at, inserted);
                recipe.Add($"insert {inserted.Length}@{at}");
                break;
            }
            case 1:
            {
                int bits = random.Next(1, 9);
                for (int i = 0; i < bits; i++) bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                recipe.Add($"flip {bits} bits");
                break;
            }
            case 2:
                bytes[at] = Interesting[random.Next(Interesting.Length)];
                recipe.Add($"set @{at}={bytes[at]:X2}");
                break;
            case 3:
            {
                int count = Math.Min(random.Next(1, 9), bytes.Count - at);
                bytes.RemoveRange(at, count);
                recipe.Add($"delete {count}@{at}");
                break;
            }
            case 4:
            {
                int count = Math.Min(random.Next(1, 33), bytes.Count - at);
                int to = random.Next(bytes.Count + 1);
                bytes.InsertRange(to, bytes.GetRange(at, count));
                recipe.Add($"copy {count}@{at} to {to}");
                break;
            }
            case 5:
                bytes.RemoveRange(at, bytes.Count - at);
                recipe.Add($"cut to {at}");
                break;
            default:
                bytes[at] = (byte)random.Next(256);
                recipe.Add($"byte @{at}={bytes[at]:X2}");
                break;
        }
    }
}
