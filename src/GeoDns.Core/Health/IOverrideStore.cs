namespace GeoDns.Core.Health;

/// <summary>
/// Where the admin overrides survive restarts (the server implements it over <c>Health:StateFile</c>).
/// The <see cref="HealthMonitor"/> loads once at construction and saves every override change, under its lock.
/// </summary>
public interface IOverrideStore
{
    /// <summary>Where the overrides are kept (the state file's path), as the logs name it.</summary>
    string Location { get; }

    /// <summary>The stored overrides (none when nothing was stored yet); an unreadable store is an <see cref="OverrideLoad.Error"/>, not an exception.</summary>
    OverrideLoad Load();

    /// <summary>Replaces the stored overrides with <paramref name="overrides"/> (in region order), atomically.</summary>
    /// <exception cref="IOException">The store could not be written (nothing changed).</exception>
    /// <exception cref="UnauthorizedAccessException">The store could not be written (nothing changed).</exception>
    void Save(IReadOnlyList<RegionOverride> overrides);
}
