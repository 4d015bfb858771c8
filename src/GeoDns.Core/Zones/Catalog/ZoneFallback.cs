using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Catalog;

/// <summary>
/// A copy of what a zone file served before (its last good version), loaded in place of the file
/// because the file failed and serves nothing yet (a cold start with a broken file).
/// </summary>
/// <param name="Path">The copy that was loaded.</param>
/// <param name="Zone">The zone it holds, or null when the copy did not load either.</param>
/// <param name="Diagnostics">What loading the copy reported.</param>
public sealed record ZoneFallback(string Path, Zone? Zone, IReadOnlyList<Diagnostic> Diagnostics);
