using GeoDns.Core.Zones;

namespace GeoDns.Core.Resolution;

/// <summary>
/// The result of one lookup: outcome plus the RRsets of the answer, authority and additional
/// sections. One instance is owned by each worker and reused for every query (call
/// <see cref="Reset"/>), so a lookup allocates nothing. Only ResponseWriter turns it into bytes.
/// </summary>
public sealed class LookupResult
{
    public const int MaxAnswer = 40;
    public const int MaxAuthority = 16;
    public const int MaxAdditional = 64;
    public const int NamesCapacity = 4096;

    public LookupOutcome Outcome { get; set; }

    /// <summary>AA flag: set for answers and negative answers from zone data, never for referrals.</summary>
    public bool Authoritative { get; set; }

    /// <summary>The zone that answered (the most specific zone of the final name), or null.</summary>
    public Zone? Zone { get; set; }

    /// <summary>True when some RRset in the response was chosen among <c>$REGION</c> alternatives.</summary>
    public bool RegionDependent { get; set; }

    /// <summary>Topology index of the region whose RRset the first region choice took; -1 = none (region-less RRset or no RRset).</summary>
    public int ChosenRegion { get; set; } = -1;

    /// <summary>True when a region choice skipped a preferred region that defines the RRset because it is down.</summary>
    public bool Failover { get; set; }

    public SectionEntry[] Answer { get; } = new SectionEntry[MaxAnswer];
    public int AnswerCount { get; set; }
    public SectionEntry[] Authority { get; } = new SectionEntry[MaxAuthority];
    public int AuthorityCount { get; set; }
    public SectionEntry[] Additional { get; } = new SectionEntry[MaxAdditional];
    public int AdditionalCount { get; set; }

    /// <summary>Scratch space for names the lookup creates (wildcard owners, DNAME targets).</summary>
    public byte[] Names { get; } = new byte[NamesCapacity];
    public int NamesLength { get; set; }

    public void Reset()
    {
        Outcome = LookupOutcome.None;
        Authoritative = false;
        Zone = null;
        RegionDependent = false;
        ChosenRegion = -1;
        Failover = false;
        Array.Clear(Answer, 0, AnswerCount);
        Array.Clear(Authority, 0, AuthorityCount);
        Array.Clear(Additional, 0, AdditionalCount);
        AnswerCount = AuthorityCount = AdditionalCount = 0;
        NamesLength = 0;
    }

    public ReadOnlySpan<byte> OwnerOf(in SectionEntry entry) =>
        entry.OwnerLength > 0 ? Names.AsSpan(entry.OwnerStart, entry.OwnerLength) : entry.Set.Owner;

    public ReadOnlySpan<byte> TargetOf(in SectionEntry entry) => Names.AsSpan(entry.TargetStart, entry.TargetLength);
}
