using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.Loading;

/// <summary>The outcome of loading one zone file: the zone (null when any error was found) and every diagnostic.</summary>
public sealed record ZoneLoadResult(Zone? Zone, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Files)
{
    public bool Success => Zone is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary><c>$INCLUDE</c>d files that did not exist or could not be opened (an error): creating or fixing one changes the zone, so they are watched too.</summary>
    public IReadOnlyList<string> MissingFiles { get; init; } = [];
}
