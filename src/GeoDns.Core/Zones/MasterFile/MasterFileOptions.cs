namespace GeoDns.Core.Zones.MasterFile;

/// <summary>Settings for <see cref="MasterFileParser"/>.</summary>
public sealed class MasterFileOptions
{
    /// <summary>Absolute presentation name of the zone apex; overrides <c>$ORIGIN</c> and the file name. Null: work it out from the file.</summary>
    public string? Origin { get; init; }

    /// <summary>Region names from the topology; a <c>$REGION</c> naming another region is an error. Null: any name is accepted.</summary>
    public IReadOnlyCollection<string>? KnownRegions { get; init; }
}
