namespace GeoDns.Fuzz.Generation;

/// <summary>
/// What the generator knows a correct server does with a case, beyond the rules every reply obeys
/// (those come from the bytes, see <c>Oracle.QueryView</c>).
/// </summary>
internal enum Expectation
{
    /// <summary>Nothing more than the rules for every reply: it may be answered with any RCODE, or dropped.</summary>
    Any,
    /// <summary>A reply must come, with any RCODE but SERVFAIL (a server failure is never right for a message we made).</summary>
    Reply,
    /// <summary>A well-formed query: a reply must come, and its RCODE is neither FORMERR nor SERVFAIL.</summary>
    Answer,
}
