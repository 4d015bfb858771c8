using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>One row of the lookup table: question, expected outcome, AA, zone and sections.</summary>
internal sealed record LookupCase(
    string QName,
    string QType,
    LookupOutcome Outcome,
    bool Authoritative,
    string? Zone,
    string[] Answer,
    string[]? Authority = null,
    string[]? Additional = null)
{
    public int[] Preference { get; init; } = [];
    public bool RegionDependent { get; init; }
    public bool Geo { get; init; }
}
