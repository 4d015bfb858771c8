namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// A scan's result, not yet in service: the changes found, and the zone set they would make.
/// CONTRACT STUB: the catalog helper replaces the body.
/// </summary>
public sealed class ZoneReload
{
    /// <summary>The zone files that changed, appeared, went away or failed.</summary>
    public IReadOnlyList<ZoneChange> Changes { get; init; } = [];

    /// <summary>True when some file was written within the quiet period and was left for a later scan.</summary>
    public bool Deferred { get; init; }

    /// <summary>
    /// The zone set this reload would serve: the zones in service, with every Added/Changed zone
    /// applied and every Removed one gone, except the files named in <paramref name="rejected"/>
    /// (which keep what they serve now).
    /// </summary>
    public ZoneSet Candidate(IReadOnlyCollection<string>? rejected = null) => throw new InvalidOperationException("contract stub");
}
