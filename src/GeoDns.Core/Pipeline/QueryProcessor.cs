using System.Buffers.Binary;
using System.Security.Cryptography;
using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// The query pipeline: bytes in, bytes out (QueryParser → GeoTopology.Locate → <see cref="QueryLookup"/>
/// (<see cref="EngineLookup"/>: LookupEngine.Lookup) → <see cref="ResponseWriter"/>, the one reply builder). Each query reads one snapshot: zones, topology and health together.
/// Thread-safe and lock-free; each worker passes its own <see cref="QueryScratch"/>. Allocates
/// nothing on the query path.
/// </summary>
public sealed partial class QueryProcessor
{
    /// <summary>Without EDNS (and the floor with it), a UDP reply fits 512 bytes (RFC 1035 §4.2.1, RFC 6891 §6.2.5).</summary>
    public const int MinUdpPayload = 512;
    /// <summary>A TCP message is at most 65535 bytes (RFC 7766 §8: 2-byte length prefix).</summary>
    public const int MaxTcpMessage = 65535;

    private readonly ChaosAnswers _chaos;
    private readonly byte[] _nsid;
    private readonly int _maxUdpPayload;
    private readonly QueryLookup _lookup;
    private readonly TimeProvider _time;
    /// <summary>The secret of a processor whose <see cref="CookieOptions.Secret"/> is null: made once, so a reload keeps its cookies valid.</summary>
    private readonly byte[] _randomSecret = RandomNumberGenerator.GetBytes(CookieOptions.SecretLength);
    /// <summary>Cookies and rate limiting: read once per query (Volatile.Read), swapped whole by <see cref="Reconfigure"/>.</summary>
    private QueryGuards _guards;
    private long _failures;

    /// <param name="state">The zones, topology and health in service; the server swaps them through it.</param>
    /// <param name="options">The protocol settings (cookies included).</param>
    /// <param name="time">The clock server cookies are stamped and checked with; null: the system clock.</param>
    /// <param name="rateLimiter">response rate limiting for UDP replies; null: off.</param>
    public QueryProcessor(ServingState state, ProtocolOptions options, TimeProvider? time = null, RateLimiting.ResponseRateLimiter? rateLimiter = null)
        : this(state, options, lookup: null, time, rateLimiter)
    {
    }

    /// <param name="rateLimiter">response rate limiting for UDP replies; null: off.</param>
    public QueryProcessor(ServingState state, ProtocolOptions options, RateLimiting.ResponseRateLimiter? rateLimiter)
        : this(state, options, lookup: null, time: null, rateLimiter)
    {
    }

    /// <param name="lookup">where IN / ANY answers come from; null: the zone data (<see cref="EngineLookup"/>).</param>
    internal QueryProcessor(ServingState state, ProtocolOptions options, QueryLookup? lookup, TimeProvider? time = null,
        RateLimiting.ResponseRateLimiter? rateLimiter = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        _lookup = lookup ?? EngineLookup.Instance;
        _time = time ?? TimeProvider.System;
        _guards = new QueryGuards(CookiesFor(options.Cookies), rateLimiter);
        Geo = state;
        Options = options;
        _chaos = new ChaosAnswers(options);
        _nsid = options.Nsid ?? [];
        _maxUdpPayload = Math.Clamp(options.MaxUdpPayload, MinUdpPayload, MaxTcpMessage);
    }

    /// <summary>
    /// Replaces the cookie settings and the rate limiter (a live reload): queries that start after it
    /// use the new ones, each query reads them once. Without a <see cref="CookieOptions.Secret"/> the
    /// processor's own random secret stays, so cookies already handed out stay valid. The caller
    /// owns the limiters: it disposes the one replaced once it is no longer wanted.
    /// </summary>
    /// <exception cref="ArgumentException">a secret is not <see cref="CookieOptions.SecretLength"/> bytes (nothing changes).</exception>
    public void Reconfigure(CookieOptions cookies, RateLimiting.ResponseRateLimiter? rateLimiter)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        Volatile.Write(ref _guards, new QueryGuards(CookiesFor(cookies), rateLimiter));
    }

    /// <summary>The rate limiter in service; null: rate limiting is off.</summary>
    public RateLimiting.ResponseRateLimiter? RateLimiter => Volatile.Read(ref _guards).RateLimiter;

    /// <summary>The server cookies for <paramref name="options"/>; null when they are off.</summary>
    private ServerCookies? CookiesFor(CookieOptions options) => options.Enabled
        ? new ServerCookies(new CookieOptions
        {
            Enabled = true,
            Secret = options.Secret ?? _randomSecret,
            PreviousSecret = options.PreviousSecret,
            RequireValid = options.RequireValid,
        }, _time)
        : null;

    /// <summary>The state (zones, topology and region health) queries are answered from.</summary>
    public ServingState Geo { get; }
    public ProtocolOptions Options { get; }

    /// <summary>
    /// Raised (on the worker's thread) when answering a query threw and SERVFAIL was sent
    /// instead; the server logs it. Handlers must be quick and must not throw.
    /// </summary>
    public event Action<Exception>? QueryFailed;

    /// <summary>Number of queries answered SERVFAIL because processing threw.</summary>
    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>
    /// Answers one query. Writes the response into <paramref name="response"/> (at least 65535
    /// bytes for TCP, at least <see cref="ProtocolOptions.MaxUdpPayload"/> for UDP) and returns
    /// its length, or 0 when the query gets no reply (QR=1, shorter than a header). For TCP the
    /// message is written without its 2-byte length prefix. Never throws.
    /// </summary>
    public int Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch)
    {
        QueryOutcome outcome = scratch.Outcome;
        outcome.Reset();
        if (response.Length < ParsedQuery.HeaderLength) return 0;
        ParseStatus status = QueryParser.Parse(query, out ParsedQuery parsed);
        if (status == ParseStatus.Drop) return 0;
        if (parsed.HasQuestion)
        {
            outcome.HasQuestion = true;
            outcome.QType = parsed.QType;
            outcome.QNameLength = parsed.QNameLength;
        }
        if (parsed.HasEcs)
        {
            outcome.HasEcs = true;
            outcome.Ecs = parsed.Ecs;
        }
        scratch.CookieLength = 0;
        QueryGuards guards = Volatile.Read(ref _guards);
        ServerCookies? cookies = guards.Cookies;
        int length;
        try
        {
            if (parsed.HasCookie && cookies is not null) JudgeCookie(cookies, query, context, scratch, ref parsed);
            length = Answer(cookies, query, response, context, scratch, status, parsed);
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failures);
            ReportFailure(exception);
            outcome.Malformed = false;
            length = WriteRcodeOnly(query, response, context, scratch, parsed, RCode.ServFail);
        }
        outcome.ResponseLength = length;
        // Last: response rate limiting sees the reply as composed (UDP only; a valid server cookie exempts).
        if (guards.RateLimiter is { } rateLimiter && length > 0 && IsRateLimited(context, parsed))
            length = RateLimit(rateLimiter, query, response, context, scratch, parsed, length);
        return length;
    }

    /// <summary>
    /// RFC 7873 §5.2: judges the query's COOKIE option (sets <see cref="ParsedQuery.ValidServerCookie"/>
    /// and <see cref="QueryOutcome.Cookie"/>) and puts the COOKIE data every reply to it carries
    /// (the client cookie and our server cookie) into the scratch.
    /// </summary>
    private static void JudgeCookie(ServerCookies cookies, ReadOnlySpan<byte> query, in QueryContext context, QueryScratch scratch, ref ParsedQuery parsed)
    {
        CookieState cookie = cookies.Answer(query.Slice(parsed.CookieOffset, parsed.CookieLength), context, scratch.Cookie);
        scratch.CookieLength = ServerCookies.ReplyLength;
        parsed.ValidServerCookie = cookie == CookieState.Valid;
        scratch.Outcome.Cookie = cookie;
    }

    private void ReportFailure(Exception exception)
    {
        try
        {
            QueryFailed?.Invoke(exception);
        }
        catch (Exception)
        {
            // A failing log hook must not take the query loop down; the failure is still counted.
        }
    }

    private int Answer(ServerCookies? cookies, ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        ParseStatus status, in ParsedQuery parsed)
    {
        bool unknownOpcode = parsed.Opcode != 0;
        if (status == ParseStatus.FormErr && !(unknownOpcode && parsed.OnlyQuestionCountWrong))
        {
            scratch.Outcome.Malformed = true;
            return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.FormErr);
        }
        if (cookies is not null)
        {
            // RFC 7873 §5.2.2: a COOKIE option of a bad length (or two of them) is FORMERR.
            if (parsed.CookieInvalid)
            {
                scratch.Outcome.Malformed = true;
                return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.FormErr);
            }
            // §5.2.3, §5.2.4: a server that requires cookies answers BADCOOKIE (with a new cookie)
            // to a UDP query without a valid one; over TCP the handshake has proved the address.
            if (cookies.RequireValid && parsed.HasCookie && !parsed.ValidServerCookie && context.Transport == Transport.Udp)
                return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.BadCookie);
        }
        // RFC 8945 §5.2.2: we hold no TSIG keys, so a signed query gets NOTAUTH / BADKEY.
        if (parsed.HasTsig) return WriteBadKey(query, response, context, scratch, parsed);
        // RFC 6891 §6.1.3: a version we do not implement gets BADVERS, an OPT of version 0 and no answer.
        if (parsed.HasEdns && parsed.EdnsVersion > 0) return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.BadVers);
        if (unknownOpcode) return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.NotImp);

        switch (parsed.QClass)
        {
            case RRClass.IN:
            case RRClass.ANY: // as Knot: QCLASS * is answered from the IN data
                return AnswerInternet(query, response, context, scratch, parsed);
            case RRClass.CH:
                return AnswerChaos(query, response, context, scratch, parsed);
            default:
                return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.Refused);
        }
    }

    private int AnswerInternet(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed)
    {
        ushort qtype = parsed.QType;
        // Zone transfers are not served (yet). Every other QTYPE, meta types such as MAILA, MAILB,
        // OPT or TSIG included, is looked up like any type: no zone holds such data, so the name
        // gets NODATA (or NXDOMAIN, a CNAME, a referral), as Knot and NSD answer. NOTIMP is about
        // the kind of query, the OPCODE (RFC 1035 §4.1.1), not about an unusual QTYPE.
        if (qtype is RRType.AXFR or RRType.IXFR) return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.Refused);

        LookupResult result = scratch.Lookup;
        result.Reset();
        ReadOnlySpan<byte> qname = query.Slice(ParsedQuery.QuestionOffset, parsed.QNameLength);
        ServingSnapshot geo = Geo.Current;
        ReadOnlySpan<int> order = Locate(geo.Topology, parsed, context, out int scope);
        _lookup.Lookup(geo, order, qname, qtype, result);

        int rcode = result.Outcome switch
        {
            LookupOutcome.Answer or LookupOutcome.NoData or LookupOutcome.Referral => RCode.NoError,
            LookupOutcome.NxDomain => RCode.NxDomain,
            LookupOutcome.YxDomain => RCode.YxDomain,
            LookupOutcome.Refused => RCode.Refused,
            _ => throw new InvalidOperationException($"lookup finished without an outcome ({result.Outcome})"),
        };
        if (rcode == RCode.Refused) return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.Refused);

        ResponseWriter reply = BeginReply(query, response, context, scratch, parsed);

        // RFC 7871 §7.2.1: the scope covers the clients that get this same answer; an answer that
        // does not depend on the client's region (and a query with source prefix 0) gets scope 0.
        ClientSubnet ecs = parsed.HasEcs && parsed.Ecs.SourcePrefix > 0 && result.RegionDependent
            ? parsed.Ecs.WithScope(scope)
            : parsed.Ecs;

        bool truncated = !WriteSection(ref reply, result, result.Answer, result.AnswerCount, ReplySection.Answer)
            || !WriteSection(ref reply, result, result.Authority, result.AuthorityCount, ReplySection.Authority)
            || !WriteAdditional(ref reply, result);
        reply.WriteOpt(rcode, in ecs);

        QueryOutcome outcome = scratch.Outcome;
        outcome.Ecs = ecs;
        outcome.RegionDependent = result.RegionDependent;
        outcome.Region = result.ChosenRegion;
        outcome.Failover = result.Failover;
        return reply.Finish(rcode, result.Authoritative, truncated);
    }

    /// <summary>Writes required RRsets in order; at the first that does not fit, stops and returns false (TC).</summary>
    private static bool WriteSection(ref ResponseWriter reply, LookupResult result, SectionEntry[] entries, int count, ReplySection section)
    {
        for (int i = 0; i < count; i++)
        {
            if (!reply.TryWriteRRset(result, entries[i], section)) return false;
        }
        return true;
    }

    /// <summary>Additional data: an optional RRset that does not fit is left out; a required one (glue, RFC 9471) means TC.</summary>
    private static bool WriteAdditional(ref ResponseWriter reply, LookupResult result)
    {
        SectionEntry[] entries = result.Additional;
        for (int i = 0; i < result.AdditionalCount; i++)
        {
            if (!reply.TryWriteRRset(result, entries[i], ReplySection.Additional) && entries[i].Required) return false;
        }
        return true;
    }

    private int AnswerChaos(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed)
    {
        ReadOnlySpan<byte> qname = query.Slice(ParsedQuery.QuestionOffset, parsed.QNameLength);
        byte[]? txt = parsed.QType == RRType.TXT ? _chaos.Find(qname) : null;
        if (txt is null) return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.Refused);

        ResponseWriter reply = BeginReply(query, response, context, scratch, parsed);
        bool written = reply.TryWriteRecord(qname, RRType.TXT, RRClass.CH, 0, txt, ReplySection.Answer);
        reply.WriteOpt(RCode.NoError, in parsed.Ecs);
        // No AA: we hold no CHAOS-class zone; Knot and NSD answer these without AA as well.
        return reply.Finish(RCode.NoError, authoritative: false, truncated: !written);
    }

    /// <summary>A reply with no records: the question when it parsed, and an OPT when the query had a valid one.</summary>
    private int WriteRcodeOnly(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed, int rcode)
    {
        ResponseWriter reply = BeginReply(query, response, context, scratch, parsed);
        reply.WriteOpt(rcode, in parsed.Ecs);
        return reply.Finish(rcode, authoritative: false, truncated: false);
    }

    /// <summary>
    /// The reply to a TSIG-signed query (RFC 8945 §5.2.2, §5.3.2), as Knot and NSD send it: NOTAUTH,
    /// the question, our OPT if the query had one, and an unsigned TSIG RR last: the key name, CLASS
    /// ANY, TTL 0, the algorithm, time signed and fudge copied, MAC size 0, the original ID copied,
    /// error BADKEY, no other data. TC when that TSIG RR does not fit.
    /// </summary>
    private int WriteBadKey(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed)
    {
        Span<byte> keyName = stackalloc byte[DnsName.MaxLength];
        int keyLength = QueryParser.ExpandName(query, parsed.TsigOwnerOffset, keyName);
        if (keyLength < 0)
        {
            scratch.Outcome.Malformed = true;
            return WriteRcodeOnly(query, response, context, scratch, parsed, RCode.FormErr);
        }

        ReadOnlySpan<byte> signature = query[parsed.TsigRdataOffset..];
        int timeAndFudgeEnd = parsed.TsigAlgorithmLength + 8;
        int macSize = BinaryPrimitives.ReadUInt16BigEndian(signature[timeAndFudgeEnd..]);
        int originalIdAt = timeAndFudgeEnd + 2 + macSize;
        Span<byte> rdata = stackalloc byte[DnsName.MaxLength + 16];
        signature[..timeAndFudgeEnd].CopyTo(rdata);
        int pos = timeAndFudgeEnd;
        BinaryPrimitives.WriteUInt16BigEndian(rdata[pos..], 0); // MAC size
        signature.Slice(originalIdAt, 2).CopyTo(rdata[(pos + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(rdata[(pos + 4)..], RCode.BadKey);
        BinaryPrimitives.WriteUInt16BigEndian(rdata[(pos + 6)..], 0); // other length
        rdata = rdata[..(pos + 8)];

        ResponseWriter reply = BeginReply(query, response, context, scratch, parsed);
        reply.WriteOpt(RCode.NotAuth, in parsed.Ecs);
        bool written = reply.TryWriteRecord(keyName[..keyLength], RRType.TSIG, RRClass.ANY, 0, rdata, ReplySection.Additional);
        return reply.Finish(RCode.NotAuth, authoritative: false, truncated: !written);
    }

    /// <summary>
    /// Begins every reply (see <see cref="ResponseWriter"/>): cut to the size the reply may fill,
    /// the question copied, the OPT's space (with the NSID granted) reserved.
    /// </summary>
    private ResponseWriter BeginReply(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed)
    {
        int limit = PayloadLimit(context, parsed, response.Length);
        return new ResponseWriter(response[..limit], scratch, query, parsed, NsidFor(parsed, limit, scratch.CookieLength), _maxUdpPayload);
    }

    /// <summary>
    /// The size we fill: TCP up to 65535; UDP with EDNS min(client's size, our max) but at least
    /// 512; UDP without EDNS 512. Never more than the caller's buffer.
    /// </summary>
    private int PayloadLimit(in QueryContext context, in ParsedQuery parsed, int bufferLength)
    {
        int limit = context.Transport == Transport.Tcp
            ? MaxTcpMessage
            : parsed.HasEdns ? Math.Max(MinUdpPayload, Math.Min((int)parsed.EdnsUdpSize, _maxUdpPayload)) : MinUdpPayload;
        return Math.Min(limit, bufferLength);
    }

    /// <summary>The NSID payload to send: only when configured and asked for, and only if header, question and OPT still fit.</summary>
    private ReadOnlySpan<byte> NsidFor(in ParsedQuery parsed, int limit, int cookieLength)
    {
        if (!parsed.HasEdns || !parsed.NsidRequested || _nsid.Length == 0) return [];
        int fixedPart = ParsedQuery.HeaderLength + parsed.QuestionLength + ResponseWriter.OptLength(_nsid.Length, EcsLength(parsed), cookieLength);
        return fixedPart <= limit ? _nsid : [];
    }

    /// <summary>Data length of the client subnet option we echo (0: none: the query had no valid one).</summary>
    private static int EcsLength(in ParsedQuery parsed) => parsed.HasEcs ? parsed.Ecs.OptionDataLength : 0;

    /// <summary>
    /// Who the client is (RFC 7871 §7.1.1): the ECS network when the query carried one with a
    /// source prefix &gt; 0, else the packet's source address at full length (a source prefix of 0,
    /// as gdnsd, also locates by the source address; its reply gets scope 0). An IPv6 ECS network
    /// inside ::ffff:0:0/96 is located as the IPv4 network it maps (the scope is given back in
    /// IPv6 bits). Returns the preference order and the scope prefix over which it holds.
    /// </summary>
    private static ReadOnlySpan<int> Locate(GeoTopology topology, in ParsedQuery parsed, in QueryContext context, out int scope)
    {
        if (!parsed.HasEcs || parsed.Ecs.SourcePrefix == 0)
            return topology.Locate(context.ClientAddress, context.IsIPv6, context.IsIPv6 ? 128 : 32, out scope);

        ref readonly ClientSubnet ecs = ref parsed.Ecs;
        if (ecs.IsIPv6 && ecs.SourcePrefix > IPv4MappedPrefix && (ecs.Address >> 32) == IPv4MappedMarker)
        {
            ReadOnlySpan<int> order = topology.Locate(ecs.Address & uint.MaxValue, false, ecs.SourcePrefix - IPv4MappedPrefix, out int v4Scope);
            scope = IPv4MappedPrefix + v4Scope;
            return order;
        }
        return topology.Locate(ecs.Address, ecs.IsIPv6, ecs.SourcePrefix, out scope);
    }

    private const int IPv4MappedPrefix = 96;
    private const ulong IPv4MappedMarker = 0xFFFF;
}
