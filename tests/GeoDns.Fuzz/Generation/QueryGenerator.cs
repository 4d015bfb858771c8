using GeoDns.Fuzz.Mutation;

namespace GeoDns.Fuzz.Generation;

/// <summary>
/// Structure-aware DNS message generator. Case <c>i</c> of seed <c>s</c> is always the same message
/// (each case draws from its own <see cref="Random"/> seeded from both), so a failure found after a
/// million cases replays alone with <see cref="Generate"/>. Roughly a third of the cases are valid
/// queries, a quarter are crafted to break one rule, the rest are mutations of either.
/// Not thread-safe: one generator per thread.
/// </summary>
internal sealed partial class QueryGenerator
{
    public const int HeaderLength = 12;

    // Header flag bits (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD).
    public const int Qr = 0x8000, Aa = 0x0400, Tc = 0x0200, Rd = 0x0100, Ra = 0x0080, Z = 0x0040, Ad = 0x0020, Cd = 0x0010;

    // Types and classes (RFC 1035 §3.2.2-3.2.5 and later).
    public const int TypeA = 1, TypeNs = 2, TypeCname = 5, TypeSoa = 6, TypePtr = 12, TypeMx = 15, TypeTxt = 16, TypeAaaa = 28,
        TypeSrv = 33, TypeDs = 43, TypeOpt = 41, TypeDnskey = 48, TypeSvcb = 64, TypeHttps = 65, TypeTsig = 250, TypeIxfr = 251,
        TypeAxfr = 252, TypeAny = 255, TypeCaa = 257;
    public const int ClassIn = 1, ClassCh = 3, ClassNone = 254, ClassAny = 255;

    private static readonly int[] CommonTypes =
        [TypeA, TypeA, TypeA, TypeAaaa, TypeAaaa, TypeMx, TypeTxt, TypeNs, TypeSoa, TypeCname, TypePtr, TypeSrv, TypeCaa,
         TypeAny, TypeHttps, TypeSvcb, TypeDs, TypeDnskey, TypeAxfr, TypeIxfr, TypeOpt, TypeTsig, 0, 99, 65535];
    private static readonly int[] UdpSizes = [0, 1, 511, 512, 513, 1232, 1232, 1400, 4096, 4096, 65535];

    private readonly NameSet _names;
    private readonly WireWriter _writer = new();
    private readonly List<string> _recipe = [];

    public QueryGenerator(int seed, NameSet? names = null)
    {
        Seed = seed;
        _names = names ?? new NameSet();
    }

    public int Seed { get; }

    public NameSet Names => _names;

    /// <summary>Case <paramref name="index"/> of this generator's seed.</summary>
    public FuzzCase Generate(long index)
    {
        var random = new Random(CaseSeed(Seed, index));
        _recipe.Clear();
        double roll = random.NextDouble();
        CaseKind kind;
        Expectation expect;
        byte[] message;
        if (roll < 0.35)
        {
            kind = CaseKind.Valid;
            expect = Expectation.Answer;
            WriteValid(random);
            message = _writer.ToArray();
        }
        else if (roll < 0.60)
        {
            kind = CaseKind.Crafted;
            expect = WriteCrafted(random);
            message = _writer.ToArray();
        }
        else
        {
            kind = CaseKind.Mutated;
            expect = Expectation.Any;
            if (random.Next(3) == 0) WriteCrafted(random);
            else WriteValid(random);
            _recipe.Add("then");
            message = Mutator.Mutate(random, _writer.ToArray(), _writer.Fields, _recipe);
        }
        return new FuzzCase
        {
            Seed = Seed,
            Index = index,
            Kind = kind,
            Expect = expect,
            Message = message,
            Recipe = string.Join(' ', _recipe),
        };
    }

    /// <summary>A per-case seed from the run's seed and the case index (SplitMix64's finaliser over both).</summary>
    public static int CaseSeed(int seed, long index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    /// <summary>
    /// A well-formed query: opcode QUERY, one question, optionally an OPT (version 0 mostly, any
    /// payload size, DO, and valid NSID, ECS, COOKIE, padding and experimental options) and, last, a TSIG-shaped record.
    /// </summary>
    private void WriteValid(Random random)
    {
        WireWriter w = _writer;
        w.Reset();
        int flags = (random.Next(2) == 0 ? Rd : 0) | (random.Next(8) == 0 ? Ad : 0) | (random.Next(8) == 0 ? Cd : 0);
        bool edns = random.NextDouble() < 0.6;
        bool tsig = random.Next(20) == 0;
        bool backPointer = random.Next(25) == 0;
        Header(random.Next(65536), flags, 1, 0, 0, (edns ? 1 : 0) + (tsig ? 1 : 0) + (backPointer ? 1 : 0));

        int cls = random.Next(20) switch
        {
            0 => ClassCh,
            1 => ClassAny,
            2 => random.Next(2) == 0 ? ClassNone : random.Next(65536),
            _ => ClassIn,
        };
        byte[][] name = cls == ClassCh ? _names.Chaos(random) : _names.Pick(random, out string nameKind);
        int type = cls == ClassCh ? TypeTxt : random.Next(6) == 0 ? random.Next(65536) : CommonTypes[random.Next(CommonTypes.Length)];
        _recipe.Add("valid:");
        _recipe.Add($"{Text(name)} type {type} class {cls}");
        Question(name, type, cls);
        if (backPointer)
        {
            // Legal compression: an additional record whose owner points back at the question name.
            _recipe.Add("+ record owned by a pointer to the question");
            w.Pointer(HeaderLength);
            Record(TypeA, ClassIn, 300, [192, 0, 2, 1]);
        }
        if (edns) WriteValidOpt(random);
        if (tsig) WriteTsig(random, valid: true);
    }

    private void WriteValidOpt(Random random)
    {
        int size = random.Next(4) == 0 ? random.Next(65536) : UdpSizes[random.Next(UdpSizes.Length)];
        int version = random.Next(25) == 0 ? random.Next(1, 256) : 0;
        bool dnssecOk = random.Next(3) == 0;
        _recipe.Add($"EDNS{version} {size}{(dnssecOk ? " DO" : "")}");
        int rdLength = OptBegin(size, 0, version, dnssecOk);
        bool ecs = false, cookie = false, nsid = false;
        int options = random.Next(5);
        for (int i = 0; i < options; i++)
        {
            switch (random.Next(5))
            {
                case 0 when !nsid:
                    nsid = true;
                    _recipe.Add("NSID");
                    Option(OptionCode.Nsid, []);
                    break;
                case 1 when !ecs:
                    ecs = true;
                    Option(OptionCode.ClientSubnet, EdnsOptions.ClientSubnet(random, out string ecsRecipe));
                    _recipe.Add(ecsRecipe);
                    break;
                case 2 when !cookie:
                    cookie = true;
                    Option(OptionCode.Cookie, EdnsOptions.Cookie(random, out string cookieRecipe));
                    _recipe.Add(cookieRecipe);
                    break;
                case 3:
                    int padding = random.Next(4) == 0 ? random.Next(100, 400) : random.Next(0, 64);
                    _recipe.Add($"padding {padding}");
                    Option(OptionCode.Padding, new byte[padding]);
                    break;
                default:
                    var data = new byte[random.Next(0, 24)];
                    random.NextBytes(data);
                    int code = OptionCode.Experimental(random);
                    _recipe.Add($"option {code}");
                    Option(code, data);
                    break;
            }
        }
        OptEnd(rdLength);
    }

    /// <summary>
    /// A TSIG RR (RFC 8945 §4.2): key name, CLASS ANY, TTL 0, algorithm, time signed, fudge, MAC,
    /// original ID, error, other data. Valid in shape (we hold no key: a server answers NOTAUTH);
    /// otherwise one field is wrong.
    /// </summary>
    private void WriteTsig(Random random, bool valid)
    {
        WireWriter w = _writer;
        int broken = valid ? -1 : random.Next(4);
        _recipe.Add(valid ? "TSIG" : $"TSIG broken {broken}");
        w.Name([.. NameSet.Labels("key.example.")]);
        w.U16(TypeTsig);
        w.U16(broken == 0 ? ClassIn : ClassAny);
        w.U32(broken == 1 ? 300u : 0u);
        int rdLength = w.Field16(FieldKind.RdLength);
        int start = w.Length;
        w.Name([.. NameSet.Labels(random.Next(2) == 0 ? "hmac-sha256." : "hmac-md5.sig-alg.reg.int.")]);
        w.U16(0);
        w.U32((uint)random.Next());
        w.U16(300); // fudge
        int mac = random.Next(3) == 0 ? 0 : random.Next(16, 65);
        w.U16(mac);
        var bytes = new byte[mac];
        random.NextBytes(bytes);
        w.Bytes(bytes);
        w.U16(random.Next(65536)); // original ID
        w.U16(0); // error
        w.U16(broken == 2 ? 6 : 0); // other length (and no data when broken)
        if (broken == 3) w.U8(0); // a byte after the end
        w.Patch16(rdLength, w.Length - start);
    }

    private void Header(int id, int flags, int qd, int an, int ns, int ar)
    {
        WireWriter w = _writer;
        w.U16(id);
        w.U16(flags);
        w.Field16(FieldKind.Count, qd);
        w.Field16(FieldKind.Count, an);
        w.Field16(FieldKind.Count, ns);
        w.Field16(FieldKind.Count, ar);
    }

    private void Question(byte[][] name, int type, int cls)
    {
        _writer.Name(name);
        _writer.U16(type);
        _writer.U16(cls);
    }

    /// <summary>The fixed part and RDATA of a record whose owner is already written.</summary>
    private void Record(int type, int cls, uint ttl, ReadOnlySpan<byte> rdata)
    {
        WireWriter w = _writer;
        w.U16(type);
        w.U16(cls);
        w.U32(ttl);
        w.Field16(FieldKind.RdLength, rdata.Length);
        w.Bytes(rdata);
    }

    /// <summary>Writes an OPT RR (RFC 6891 §6.1.2) up to its RDLENGTH; returns the RDLENGTH's offset for <see cref="OptEnd"/>.</summary>
    private int OptBegin(int udpSize, int extendedRcode, int version, bool dnssecOk, bool rootOwner = true)
    {
        WireWriter w = _writer;
        if (rootOwner) w.U8(0);
        else w.Name([.. NameSet.Labels("example.")]);
        w.U16(TypeOpt);
        w.U16(udpSize);
        w.U8(extendedRcode);
        w.U8(version);
        w.U16(dnssecOk ? 0x8000 : 0);
        return w.Field16(FieldKind.RdLength);
    }

    private void OptEnd(int rdLengthOffset) => _writer.Patch16(rdLengthOffset, _writer.Length - rdLengthOffset - 2);

    private void Option(int code, ReadOnlySpan<byte> data)
    {
        _writer.U16(code);
        _writer.Field16(FieldKind.OptionLength, data.Length);
        _writer.Bytes(data);
    }

    private static string Text(byte[][] name) =>
        name.Length == 0 ? "." : string.Concat(name.Select(l => System.Text.Encoding.ASCII.GetString(l) + "."));
}
