using GeoDns.Core.Dns;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>Response rate limiting: the last step of <see cref="Process"/>, for UDP replies.</summary>
public sealed partial class QueryProcessor
{
    /// <summary>
    /// Whether rate limiting applies to the reply to this query: UDP only (a TCP client has shown it
    /// holds its address), and not when the query carried a valid server cookie (RFC 7873 §5.2.3: same proof).
    /// </summary>
    internal static bool IsRateLimited(in QueryContext context, in ParsedQuery parsed) =>
        context.Transport == Transport.Udp && !parsed.ValidServerCookie;

    /// <summary>Accounts the composed reply; returns its length, 0 when dropped, or the length of the slipped (truncated) reply written instead.</summary>
    private int RateLimit(ResponseRateLimiter rateLimiter, ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed, int length)
    {
        QueryOutcome outcome = scratch.Outcome;
        ResponseClass responseClass = Classify(query, parsed, scratch.Lookup, outcome.RCode, out ReadOnlySpan<byte> name);
        RateLimitAction action = rateLimiter.Decide(context.ClientAddress, context.IsIPv6, responseClass, parsed.QType, name, ref scratch.RateLimitSlip);
        if (action == RateLimitAction.None) return length;
        outcome.RateLimit = action;
        outcome.RateLimitClass = responseClass;
        if (action == RateLimitAction.Dropped) length = 0;
        else if (action == RateLimitAction.Slipped) length = WriteSlip(query, response, context, scratch, parsed);
        outcome.ResponseLength = length;
        return length;
    }

    /// <summary>
    /// The class and account name of the reply (BIND's keys): an answer by its QNAME (and QTYPE),
    /// NODATA and NXDOMAIN by their zone, a referral by its delegation point, an error by none.
    /// </summary>
    private static ResponseClass Classify(ReadOnlySpan<byte> query, in ParsedQuery parsed, LookupResult lookup, int rcode,
        out ReadOnlySpan<byte> name)
    {
        name = parsed.HasQuestion ? query.Slice(ParsedQuery.QuestionOffset, parsed.QNameLength) : default;
        if (rcode != RCode.NoError && rcode != RCode.NxDomain)
        {
            name = default;
            return ResponseClass.Error;
        }
        // CHAOS answers are not looked up: their lookup result is not this query's.
        bool internet = parsed.QClass is RRClass.IN or RRClass.ANY;
        if (rcode == RCode.NxDomain)
        {
            if (internet && lookup.Zone is { } zone) name = zone.Origin;
            return ResponseClass.NxDomain;
        }
        if (!internet) return ResponseClass.Answer;
        switch (lookup.Outcome)
        {
            case LookupOutcome.NoData:
                if (lookup.Zone is { } zone) name = zone.Origin;
                return ResponseClass.NoData;
            case LookupOutcome.Referral:
                if (lookup.AuthorityCount > 0) name = lookup.OwnerOf(lookup.Authority[0]);
                return ResponseClass.Referral;
            default:
                return ResponseClass.Answer;
        }
    }

    /// <summary>
    /// The slipped reply (BIND, Knot): the header with TC set, the rcode and AA of the reply it
    /// replaces, the question and our OPT; no records, so it is small and a real client retries over TCP.
    /// </summary>
    private int WriteSlip(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context, QueryScratch scratch,
        in ParsedQuery parsed)
    {
        QueryOutcome outcome = scratch.Outcome;
        bool authoritative = (response[2] & 0x04) != 0;
        int rcode = outcome.RCode;
        ClientSubnet ecs = outcome.Ecs;
        ResponseWriter reply = BeginReply(query, response, context, scratch, parsed);
        reply.WriteOpt(rcode, in ecs);
        return reply.Finish(rcode, authoritative, truncated: true);
    }
}
