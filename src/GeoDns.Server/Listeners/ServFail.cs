namespace GeoDns.Server.Listeners;

/// <summary>
/// The listeners' last resort when a worker throws: a header-only SERVFAIL echoing the query's ID,
/// opcode and RD bit (no question, so it fits any buffer). Queries that must get no reply
/// (shorter than a header, QR=1) get none.
/// </summary>
internal static class ServFail
{
    public const int HeaderLength = 12;

    public static int Write(ReadOnlySpan<byte> query, Span<byte> response)
    {
        if (query.Length < HeaderLength || (query[2] & 0x80) != 0 || response.Length < HeaderLength) return 0;
        response[..HeaderLength].Clear();
        response[0] = query[0];
        response[1] = query[1];
        response[2] = (byte)(0x80 | (query[2] & 0x79)); // QR, opcode, RD
        response[3] = 2; // SERVFAIL
        return HeaderLength;
    }
}
