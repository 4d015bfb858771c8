using System.Collections.Concurrent;

namespace GeoDns.Fuzz.Network;

/// <summary>What a run did and found. Thread-safe counters; the first <see cref="MaxKept"/> violations are kept whole.</summary>
internal sealed class FuzzReport
{
    public const int MaxKept = 50;

    private readonly ConcurrentQueue<Violation> _violations = new();
    private long _sent, _replies, _validSent, _validAnswered, _silent, _retries, _violationCount, _sessions;

    public long Sent => Interlocked.Read(ref _sent);
    public long Replies => Interlocked.Read(ref _replies);
    public long ValidSent => Interlocked.Read(ref _validSent);
    public long ValidAnswered => Interlocked.Read(ref _validAnswered);
    /// <summary>Messages that could have been answered (QR=0, a whole header) and were not: allowed for malformed ones.</summary>
    public long Silent => Interlocked.Read(ref _silent);
    public long Retries => Interlocked.Read(ref _retries);
    public long ViolationCount => Interlocked.Read(ref _violationCount);
    public long TcpSessions => Interlocked.Read(ref _sessions);
    public IReadOnlyList<Violation> Violations => [.. _violations];

    public void CountSent(bool valid)
    {
        Interlocked.Increment(ref _sent);
        if (valid) Interlocked.Increment(ref _validSent);
    }

    private readonly long[] _rcodes = new long[4096];

    /// <summary>Counts a reply and its full RCODE (-1: it did not parse).</summary>
    public void CountReply(int rcode = -1)
    {
        Interlocked.Increment(ref _replies);
        if (rcode >= 0) Interlocked.Increment(ref _rcodes[rcode & 0xFFF]);
    }

    /// <summary>Replies seen with each full RCODE.</summary>
    public long RcodeCount(int rcode) => Interlocked.Read(ref _rcodes[rcode]);

    /// <summary>"NOERROR 1234, FORMERR 56, ...": the RCODEs seen.</summary>
    public string Rcodes() => string.Join(", ", Enumerable.Range(0, _rcodes.Length).Where(r => RcodeCount(r) > 0).Select(r => $"{RcodeName(r)} {RcodeCount(r)}"));

    private static string RcodeName(int rcode) => rcode switch
    {
        0 => "NOERROR", 1 => "FORMERR", 2 => "SERVFAIL", 3 => "NXDOMAIN", 4 => "NOTIMP", 5 => "REFUSED", 6 => "YXDOMAIN",
        9 => "NOTAUTH", 16 => "BADVERS", 23 => "BADCOOKIE", _ => $"RCODE{rcode}",
    };
    private long _largeUdp, _truncated;

    /// <summary>UDP replies larger than 512 bytes: the EDNS size rule was exercised.</summary>
    public long LargeUdpReplies => Interlocked.Read(ref _largeUdp);
    /// <summary>Replies with TC=1.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>Counts what a reply's size and TC bit show.</summary>
    public void CountShape(ReadOnlySpan<byte> reply, bool udp)
    {
        if (udp && reply.Length > 512) Interlocked.Increment(ref _largeUdp);
        if (reply.Length > 2 && (reply[2] & 0x02) != 0) Interlocked.Increment(ref _truncated);
    }

    public void CountValidAnswered() => Interlocked.Increment(ref _validAnswered);
    public void CountSilent() => Interlocked.Increment(ref _silent);
    public void CountRetry() => Interlocked.Increment(ref _retries);
    public void CountSession() => Interlocked.Increment(ref _sessions);

    public void Add(Violation violation)
    {
        if (Interlocked.Increment(ref _violationCount) <= MaxKept) _violations.Enqueue(violation);
    }

    public string Summary() =>
        $"{Sent} messages sent ({ValidSent} valid, {ValidAnswered} of them answered), {Replies} replies, {Silent} malformed left unanswered, " +
        $"{Retries} UDP retries, {TcpSessions} TCP sessions, {LargeUdpReplies} UDP replies over 512 bytes, {Truncated} with TC, {ViolationCount} violations; replies by RCODE: {Rcodes()}";

    public string Details() => string.Join("\n", Violations.Select(v => v.ToString())) +
        (ViolationCount > MaxKept ? $"\n... and {ViolationCount - MaxKept} more" : "");
}
