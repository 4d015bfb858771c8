namespace GeoDns.Server.Reload;

/// <summary>The configuration's or the GeoIP database's part of a <see cref="ReloadReport"/>.</summary>
/// <param name="Result">notRequested, unchanged, applied or rejected.</param>
/// <param name="Messages">Why it was rejected, or warnings (keys that need a restart), or what changed.</param>
internal sealed record SectionReport(string Result, IReadOnlyList<string> Messages)
{
    public static SectionReport NotRequested { get; } = new("notRequested", []);
    public static SectionReport Unchanged { get; } = new("unchanged", []);

    public bool Rejected => Result == "rejected";
}
