using GeoDns.Core.Resolution;

namespace GeoDns.Server.Explain;

/// <summary>
/// What the real <c>QueryProcessor</c> answered one probe query: the response as a client reads it
/// (<see cref="Summary"/>: rcode, AA, TC, echoed ECS) and the records the lookup placed in it.
/// <see cref="Outcome"/> is <see cref="LookupOutcome.None"/> when no lookup ran (an rcode-only reply).
/// </summary>
internal sealed record ProbeResult(
    ResponseSummary Summary,
    LookupOutcome Outcome,
    bool RegionDependent,
    IReadOnlyList<ProbeRecord> Answer,
    IReadOnlyList<ProbeRecord> Authority);
