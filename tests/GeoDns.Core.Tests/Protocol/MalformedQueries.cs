using GeoDns.Core.Dns;


namespace GeoDns.Core.Tests.Protocol;

/// <summary>The malformed-query table shared by the parser and processor tests.</summary>
internal static class MalformedQueries
{
    private static byte[] WithCounts(byte[] query, int qd, int an, int ns, int ar)
    {
        byte[] copy = [.. query];
        copy[4] = (byte)(qd >> 8); copy[5] = (byte)qd;
        copy[6] = (byte)(an >> 8); copy[7] = (byte)an;
        copy[8] = (byte)(ns >> 8); copy[9] = (byte)ns;
        copy[10] = (byte)(ar >> 8); copy[11] = (byte)ar;
        return copy;
    }

    private static byte[] Header(int qd, int an = 0, int ns = 0, int ar = 0) =>
        WithCounts([0xBE, 0xEF, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], qd, an, ns, ar);

    private static byte[] ARecord(byte[] owner) =>
        [.. owner, .. Wire.U16(RRType.A), .. Wire.U16(RRClass.IN), 0, 0, 0, 60, 0, 4, 192, 0, 2, 1];

    public static TheoryData<string, byte[], bool, bool> Cases()
    {
        byte[] question = new QuerySpec().QuestionBytes();
        byte[] opt = new EdnsSpec().Encode();
        string label64 = new('a', 64);
        string longName = string.Join('.', Enumerable.Repeat(new string('b', 63), 4)) + "."; // 4*64+1 = 257 bytes
        byte[] optBadOwner = [.. Wire.Name("example."), .. opt[1..]];
        byte[] optTruncatedOption = [.. opt[..9], 0, 2, 0, 3]; // RDLENGTH 2, half an option header
        byte[] optOptionTooLong = [.. opt[..9], 0, 6, 0, 3, 0, 9, 1, 2]; // option says 9 bytes, 2 present

        return new TheoryData<string, byte[], bool, bool>
        {
            { "QDCOUNT=0", Header(0), false, false },
            { "QDCOUNT=0 with OPT", [.. Header(0, ar: 1), .. opt], false, true },
            { "QDCOUNT=2", [.. Header(2), .. question, .. question], true, false },
            { "QDCOUNT=2 with OPT", [.. Header(2, ar: 1), .. question, .. question, .. opt], true, true },
            { "QDCOUNT=1 but no question bytes", Header(1), false, false },
            { "label of 64 bytes", [.. Header(1), .. Wire.Name(label64 + ".com."), 0, 1, 0, 1], false, false },
            { "name of 257 bytes", [.. Header(1), .. Wire.Name(longName), 0, 1, 0, 1], false, false },
            { "pointer in the question", [.. Header(1), 3, (byte)'w', (byte)'w', (byte)'w', 0xC0, 12, 0, 1, 0, 1], false, false },
            { "0x40 label type in the question", [.. Header(1), 0x41, 0, 0, 1, 0, 1], false, false },
            { "truncated name", [.. Header(1), 3, (byte)'w', (byte)'w'], false, false },
            { "name without root label", [.. Header(1), 3, (byte)'w', (byte)'w', (byte)'w'], false, false },
            { "truncated QTYPE/QCLASS", [.. Header(1), .. question[..^1]], false, false },
            { "trailing garbage", [.. Header(1), .. question, 0xFF], true, false },
            { "trailing garbage after OPT", [.. Header(1, ar: 1), .. question, .. opt, 0], true, true },
            { "OPT with non-root owner", [.. Header(1, ar: 1), .. question, .. optBadOwner], true, false },
            { "OPT with truncated option", [.. Header(1, ar: 1), .. question, .. optTruncatedOption], true, false },
            { "OPT option longer than RDATA", [.. Header(1, ar: 1), .. question, .. optOptionTooLong], true, false },
            { "two OPT RRs", [.. Header(1, ar: 2), .. question, .. opt, .. opt], true, false },
            { "OPT in answer section", [.. Header(1, an: 1), .. question, .. opt], true, false },
            { "OPT in authority section", [.. Header(1, ns: 1), .. question, .. opt], true, false },
            { "OPT RDATA past the end", [.. Header(1, ar: 1), .. question, .. opt[..9], 0, 8, 0, 3], true, false },
            { "ARCOUNT larger than records", [.. Header(1, ar: 2), .. question, .. opt], true, true },
            { "ANCOUNT with no records", [.. Header(1, an: 1), .. question], true, false },
            { "forward pointer in additional owner", [.. Header(1, ar: 1), .. question, .. ARecord([0xC0, 0x7F])], true, false },
            { "0x80 label type in additional owner", [.. Header(1, ar: 1), .. question, .. ARecord([0x81, 1, 0])], true, false },
            { "truncated fixed part of a record", [.. Header(1, ar: 1), .. question, 0, 0, 1, 0], true, false },
        };
    }
}
