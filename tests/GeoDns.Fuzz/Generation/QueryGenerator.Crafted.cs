namespace GeoDns.Fuzz.Generation;

/// <summary>Crafted cases: each starts from the shape of a query and breaks one rule on purpose.</summary>
internal sealed partial class QueryGenerator
{
    private const int Kinds = 18;

    private Expectation WriteCrafted(Random random)
    {
        WireWriter w = _writer;
        w.Reset();
        int id = random.Next(65536);
        byte[][] name = _names.Pick(random, out _);
        int type = CommonTypes[random.Next(CommonTypes.Length)];
        switch (random.Next(Kinds))
        {
            case 0:
            {
                // RFC 1035 allows compression in a question, but a server may refuse it; a loop is never valid.
                int target = random.Next(3) switch { 0 => HeaderLength, 1 => 0, _ => random.Next(HeaderLength, 40) };
                _recipe.Add($"crafted: pointer to {target} in the question");
                Header(id, Rd, 1, 0, 0, 0);
                w.Name([.. name.Take(1)], terminate: false);
                w.Pointer(target);
                w.U16(type);
                w.U16(ClassIn);
                return Expectation.Any;
            }
            case 1:
            {
                _recipe.Add("crafted: pointer loop in a record owner");
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, type, ClassIn);
                int at = w.Length;
                if (random.Next(2) == 0)
                {
                    w.Pointer(at); // points at itself
                }
                else
                {
                    w.U8(1);
                    w.U8('a');
                    w.Pointer(at); // a label, then back to that label
                }
                Record(TypeA, ClassIn, 60, [192, 0, 2, 1]);
                return Expectation.Any;
            }
            case 2:
            {
                _recipe.Add("crafted: forward pointer or pointer past the end");
                Header(id, Rd, 1, random.Next(2), 0, 1);
                Question(name, type, ClassIn);
                int section = random.Next(2);
                if (section == 0 && w.Read16(6) == 1)
                {
                    w.Pointer(w.Length + 2 + 10 + random.Next(4)); // into its own RDATA
                    Record(TypeA, ClassIn, 60, [192, 0, 2, 1]);
                }
                w.Pointer(random.Next(2) == 0 ? 0x3FFF : w.Length + 12);
                Record(TypeA, ClassIn, 60, [192, 0, 2, 2]);
                if (section != 0) w.Patch16(6, 0);
                return Expectation.Any;
            }
            case 3:
            {
                int[] counts = [1, 0, 0, random.Next(2)];
                int which = random.Next(4);
                counts[which] = random.Next(3) switch { 0 => 0, 1 => counts[which] + random.Next(1, 4), _ => 0xFFFF };
                _recipe.Add($"crafted: counts {string.Join('/', counts)}");
                Header(id, Rd, counts[0], counts[1], counts[2], counts[3]);
                Question(name, type, ClassIn);
                if (random.Next(2) == 0) Question(name, type, ClassIn);
                if (random.Next(2) == 0) OptEnd(OptBegin(1232, 0, 0, false));
                return Expectation.Any;
            }
            case 4:
            {
                WriteValid(random);
                int keep = random.Next(w.Length);
                _recipe.Add($"crafted: cut to {keep} bytes");
                byte[] whole = w.ToArray();
                w.Reset();
                w.Bytes(whole.AsSpan(0, keep));
                return Expectation.Any;
            }
            case 5:
            {
                WriteValid(random);
                _recipe.Add("crafted: QR=1 (a response)");
                w.Patch16(2, w.Read16(2) | Qr);
                return Expectation.Any;
            }
            case 6:
            {
                WriteValid(random);
                int opcode = random.Next(1, 16);
                _recipe.Add($"crafted: opcode {opcode}");
                w.Patch16(2, (w.Read16(2) & ~0x7800) | (opcode << 11));
                return Expectation.Reply;
            }
            case 7:
                return WriteBadOpt(random, id, name, type);
            case 8:
            case 9:
            {
                string recipe;
                byte[] data = random.Next(2) == 0 ? EdnsOptions.BadClientSubnet(random, out recipe) : EdnsOptions.BadCookie(random, out recipe);
                _recipe.Add("crafted: " + recipe);
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, type, ClassIn);
                int rdLength = OptBegin(1232, 0, 0, false);
                if (random.Next(2) == 0) Option(OptionCode.Nsid, []);
                Option(recipe.StartsWith("ECS", StringComparison.Ordinal) ? OptionCode.ClientSubnet : OptionCode.Cookie, data);
                if (random.Next(3) == 0)
                {
                    // Or a second, valid one of the same kind after a valid first one.
                    _recipe.Add("twice");
                    Option(OptionCode.ClientSubnet, EdnsOptions.ClientSubnet(random, out _));
                    Option(OptionCode.ClientSubnet, EdnsOptions.ClientSubnet(random, out _));
                }
                OptEnd(rdLength);
                return Expectation.Any;
            }
            case 10:
            {
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, type, ClassIn);
                int rdLength = OptBegin(4096, 0, 0, random.Next(2) == 0);
                Option(OptionCode.Nsid, []);
                if (random.Next(2) == 0)
                {
                    int claimed = random.Next(1, 300);
                    _recipe.Add($"crafted: option claims {claimed} bytes past the OPT");
                    w.U16(OptionCode.Experimental(random));
                    w.Field16(FieldKind.OptionLength, claimed);
                    w.Bytes(new byte[random.Next(claimed)]);
                }
                else
                {
                    int stub = random.Next(1, 4);
                    _recipe.Add($"crafted: {stub} bytes of an option header");
                    w.Bytes(new byte[stub]);
                }
                OptEnd(rdLength);
                if (random.Next(3) == 0)
                {
                    _recipe.Add("RDLENGTH past the end");
                    w.Patch16(rdLength, w.Read16(rdLength) + random.Next(1, 100));
                }
                return Expectation.Any;
            }
            case 11:
            {
                bool notLast = random.Next(2) == 0;
                Header(id, Rd, 1, random.Next(4) == 0 ? 1 : 0, 0, notLast ? 2 : 1);
                Question(name, type, ClassIn);
                if (notLast)
                {
                    _recipe.Add("crafted: TSIG not last");
                    WriteTsig(random, valid: true);
                    OptEnd(OptBegin(1232, 0, 0, false));
                }
                else
                {
                    _recipe.Add("crafted:");
                    WriteTsig(random, valid: false);
                }
                if (w.Read16(6) == 1) w.Patch16(10, w.Read16(10) - 1); // the TSIG counted in the answer section instead
                return Expectation.Any;
            }
            case 12:
                return WriteBadName(random, id, type);
            case 13:
            {
                WriteValid(random);
                int extra = random.Next(1, 64);
                _recipe.Add($"crafted: {extra} bytes of trailing garbage");
                var garbage = new byte[extra];
                random.NextBytes(garbage);
                w.Bytes(garbage);
                return Expectation.Any;
            }
            case 14:
            {
                int length = random.Next(HeaderLength);
                _recipe.Add($"crafted: {length} bytes, shorter than a header");
                var bytes = new byte[length];
                random.NextBytes(bytes);
                if (length > 2 && random.Next(2) == 0) bytes[2] &= 0x7F;
                w.Bytes(bytes);
                return Expectation.Any;
            }
            case 15:
            {
                WriteValid(random);
                int noise = random.Next(5) switch { 0 => Tc, 1 => Aa, 2 => Z, 3 => Ra, _ => random.Next(1, 16) };
                _recipe.Add($"crafted: header bits {noise:X4} set in a query");
                w.Patch16(2, w.Read16(2) | noise);
                return Expectation.Reply;
            }
            case 16:
            {
                int padding = random.Next(1000, 9000);
                _recipe.Add($"crafted: a {padding}-byte padding option");
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, TypeA, ClassIn);
                int rdLength = OptBegin(random.Next(2) == 0 ? 512 : 65535, 0, 0, false);
                Option(OptionCode.Padding, new byte[padding]);
                OptEnd(rdLength);
                return Expectation.Answer;
            }
            default:
            {
                int records = random.Next(20, 200);
                _recipe.Add($"crafted: {records} additional records, owners compressed");
                Header(id, Rd, 1, 0, 0, records);
                Question(name, type, ClassIn);
                for (int i = 0; i < records; i++)
                {
                    w.U8(1);
                    w.U8('a' + i % 26);
                    w.Pointer(HeaderLength);
                    Record(TypeTxt, ClassIn, 60, [3, (byte)'a', (byte)'b', (byte)'c']);
                }
                return Expectation.Answer;
            }
        }
    }

    private Expectation WriteBadOpt(Random random, int id, byte[][] name, int type)
    {
        WireWriter w = _writer;
        switch (random.Next(4))
        {
            case 0:
                _recipe.Add("crafted: two OPT RRs");
                Header(id, Rd, 1, 0, 0, 2);
                Question(name, type, ClassIn);
                OptEnd(OptBegin(1232, 0, 0, false));
                OptEnd(OptBegin(4096, 0, 0, true));
                break;
            case 1:
                _recipe.Add("crafted: OPT in the answer or authority section");
                bool answer = random.Next(2) == 0;
                Header(id, Rd, 1, answer ? 1 : 0, answer ? 0 : 1, 0);
                Question(name, type, ClassIn);
                OptEnd(OptBegin(4096, 0, 0, false));
                break;
            case 2:
                _recipe.Add("crafted: OPT owned by a name other than the root");
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, type, ClassIn);
                OptEnd(OptBegin(4096, 0, 0, false, rootOwner: false));
                break;
            default:
                int rcode = random.Next(1, 256);
                _recipe.Add($"crafted: OPT with extended RCODE {rcode} in a query");
                Header(id, Rd, 1, 0, 0, 1);
                Question(name, type, ClassIn);
                OptEnd(OptBegin(1232, rcode, 0, false));
                break;
        }
        return Expectation.Any;
    }

    private Expectation WriteBadName(Random random, int id, int type)
    {
        WireWriter w = _writer;
        Header(id, Rd, 1, 0, 0, 0);
        switch (random.Next(5))
        {
            case 0:
                _recipe.Add("crafted: a 64-byte label");
                w.Name([new byte[64], .. _names.Apex(random)]);
                break;
            case 1:
                int labelType = random.Next(2) == 0 ? 0x40 : 0x80;
                _recipe.Add($"crafted: label type {labelType:X2}");
                w.U8(labelType | random.Next(64));
                w.Bytes(new byte[random.Next(8)]);
                w.U8(0);
                break;
            case 2:
                _recipe.Add("crafted: a name longer than 255 bytes");
                w.Name([new byte[63], new byte[63], new byte[63], new byte[63], .. _names.Apex(random)]);
                break;
            case 3:
                _recipe.Add("crafted: a name without its root label");
                w.Name(_names.Pick(random, out _), terminate: false);
                break;
            default:
                _recipe.Add("crafted: a label running past the end");
                w.U8(random.Next(1, 64));
                w.Bytes(new byte[random.Next(4)]);
                return Expectation.Any;
        }
        w.U16(type);
        w.U16(ClassIn);
        return Expectation.Any;
    }
}
