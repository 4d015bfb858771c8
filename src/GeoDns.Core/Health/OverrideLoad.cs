namespace GeoDns.Core.Health;

/// <summary>What <see cref="IOverrideStore.Load"/> found: the overrides, or why the store could not be read (then none).</summary>
public sealed record OverrideLoad(IReadOnlyList<RegionOverride> Overrides, Exception? Error)
{
    public static OverrideLoad Empty { get; } = new([], null);

    public static OverrideLoad Of(IReadOnlyList<RegionOverride> overrides) => new(overrides, null);

    public static OverrideLoad Unreadable(Exception error) => new([], error);
}
