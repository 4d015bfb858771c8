using System.Buffers.Binary;
using GeoDns.Fuzz.Generation;

namespace GeoDns.Fuzz.Oracle;

/// <summary>
/// What an outside observer asserts about a server's reply to a message, from the bytes alone
/// (RFC 1035 §4.1.1, RFC 6891 §6.1.1 and §6.2.5, RFC 7766 §8). One checker per thread.
/// </summary>
internal sealed class ReplyCheck(int maxUdpPayload)
{
    public const int MinUdpPayload = 512;
    public const int FormErr = 1, ServFail = 2;

    private readonly List<OptRecord> _opts = [];

    /// <summary>The largest UDP reply the server may send (its configured EDNS payload size).</summary>
    public int MaxUdpPayload { get; } = maxUdpPayload;

    /// <summary>A message shorter than a header, or with QR=1 (a response), must get no reply.</summary>
    public static bool MustNotBeAnswered(ReadOnlySpan<byte> query) =>
        query.Length < MessageWalker.HeaderLength || (query[2] & 0x80) != 0;

    /// <summary>
    /// The largest UDP reply allowed to this query: 512 bytes, or with an OPT, the larger of 512 and
    /// the smaller of the size the client gave and the server's maximum. Every OPT-shaped record
    /// the query may be read to carry counts (the most generous reading), so this is an upper bound.
    /// </summary>
    public int AllowedUdpSize(ReadOnlySpan<byte> query)
    {
        MessageWalker.Walk(query, _opts, strict: false);
        int allowed = MinUdpPayload;
        foreach (OptRecord opt in _opts) allowed = Math.Max(allowed, Math.Min(opt.UdpSize, MaxUdpPayload));
        return allowed;
    }

    /// <summary>Checks one reply to <paramref name="query"/> (as sent, its ID included); null when it is right, else what is wrong.</summary>
    public string? Check(ReadOnlySpan<byte> query, ReadOnlySpan<byte> reply, bool udp, Expectation expect)
    {
        if (MustNotBeAnswered(query)) return query.Length < MessageWalker.HeaderLength ? "a reply to a message shorter than a header" : "a reply to a message with QR=1";
        if (reply.Length < MessageWalker.HeaderLength) return $"a reply of {reply.Length} bytes, shorter than a header";
        if ((reply[2] & 0x80) == 0) return "a reply with QR=0";
        int queryId = BinaryPrimitives.ReadUInt16BigEndian(query), replyId = BinaryPrimitives.ReadUInt16BigEndian(reply);
        if (queryId != replyId) return $"reply ID {replyId:X4} is not the query's {queryId:X4}";
        if (((reply[2] ^ query[2]) & 0x78) != 0) return $"reply opcode {(reply[2] >> 3) & 0xF} is not the query's {(query[2] >> 3) & 0xF}";
        if (udp)
        {
            int allowed = AllowedUdpSize(query);
            if (reply.Length > allowed) return $"a UDP reply of {reply.Length} bytes where {allowed} are allowed";
        }
        string? malformed = MessageWalker.Walk(reply, _opts);
        if (malformed is not null) return "the reply is malformed: " + malformed;
        int extended = 0;
        if (_opts.Count > 1) return $"the reply has {_opts.Count} OPT RRs";
        if (_opts.Count == 1)
        {
            if (_opts[0].Section != 3) return "the reply's OPT is not in the additional section";
            if (!_opts[0].RootOwner) return "the reply's OPT is not owned by the root";
            extended = _opts[0].ExtendedRcode;
        }
        int rcode = (extended << 4) | (reply[3] & 0x0F);
        if (rcode == ServFail) return "SERVFAIL (a server failure) to a message the fuzzer made";
        if (expect == Expectation.Answer)
        {
            if (rcode == FormErr) return "FORMERR to a well-formed query";
            return CheckAnswer(query, reply);
        }
        return null;
    }

    /// <summary>
    /// A reply to a well-formed query carries its question, byte for byte (case included: RFC 1035
    /// §4.1.1 copies it, and resolvers that randomise case rely on that), and an OPT exactly when
    /// the query had one (RFC 6891 §7).
    /// </summary>
    private string? CheckAnswer(ReadOnlySpan<byte> query, ReadOnlySpan<byte> reply)
    {
        int replyOpts = _opts.Count;
        int end = MessageWalker.HeaderLength;
        if (MessageWalker.Name(query, ref end) is not null || end + 4 > query.Length) return null; // not a question we can compare
        end += 4;
        if (BinaryPrimitives.ReadUInt16BigEndian(reply[4..]) != 1) return "the reply to a well-formed query does not have its one question";
        if (reply.Length < end || !reply[MessageWalker.HeaderLength..end].SequenceEqual(query[MessageWalker.HeaderLength..end]))
            return "the reply's question is not the query's, byte for byte";
        MessageWalker.Walk(query, _opts);
        if (_opts.Count != replyOpts) return $"{replyOpts} OPT RRs in the reply to a query with {_opts.Count}";
        return null;
    }

    /// <summary>The full RCODE of a reply (header and OPT), or -1 when it does not parse.</summary>
    public int Rcode(ReadOnlySpan<byte> reply)
    {
        if (MessageWalker.Walk(reply, _opts) is not null || _opts.Count > 1) return -1;
        return ((_opts.Count == 1 ? _opts[0].ExtendedRcode : 0) << 4) | (reply[3] & 0x0F);
    }
}
