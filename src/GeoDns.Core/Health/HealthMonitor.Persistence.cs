namespace GeoDns.Core.Health;

/// <summary>
/// Overrides survive restarts through the <see cref="IOverrideStore"/> (the server's is the state file):
/// saved on every change and loaded at construction (each one restored logged; expired ones and
/// unknown regions dropped; an unreadable store is logged and ignored).
/// </summary>
public sealed partial class HealthMonitor
{
    /// <summary>Saves the overrides; throws when the store cannot be written. Caller holds the lock.</summary>
    private void Persist()
    {
        if (_store is null) return;
        var overrides = new List<RegionOverride>();
        foreach (var region in _regions)
        {
            if (region.Override is { } forced) overrides.Add(new RegionOverride(region.Name, forced));
        }
        _store.Save(overrides);
    }

    /// <summary>Persist, logging instead of throwing (expiry, reload). Caller holds the lock.</summary>
    private void TryPersist()
    {
        try
        {
            Persist();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            HealthLog.StateFileWriteFailed(_logger, _store!.Location, e);
        }
    }

    private void LoadOverrides()
    {
        if (_store is null) return;
        var loaded = _store.Load();
        if (loaded.Error is { } error)
        {
            HealthLog.StateFileUnreadable(_logger, _store.Location, error);
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var (name, forced) in loaded.Overrides)
        {
            if (forced.Expires is { } expires && expires <= now) continue;
            if (_byName.TryGetValue(name, out var region))
            {
                region.Override = forced;
                HealthLog.OverrideRestored(_logger, name, forced.State, forced.Reason, forced.Expires, _store.Location);
            }
            else
            {
                HealthLog.PersistedOverrideDropped(_logger, name);
            }
        }
    }
}
