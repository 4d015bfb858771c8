using GeoDns.Core.Health;

namespace GeoDns.Core.Tests.Health;

/// <summary>An in-memory <see cref="IOverrideStore"/> that survives monitors; <see cref="FailSaves"/> and <see cref="LoadError"/> simulate a broken store.</summary>
internal sealed class MemoryStore : IOverrideStore
{
    public string Location => "memory:health";

    public IReadOnlyList<RegionOverride>? Saved { get; private set; }
    public int Saves { get; private set; }
    public bool FailSaves { get; set; }
    public Exception? LoadError { get; set; }

    public OverrideLoad Load()
    {
        if (LoadError is { } error) return OverrideLoad.Unreadable(error);
        return Saved is { } saved ? OverrideLoad.Of(saved) : OverrideLoad.Empty;
    }

    public void Save(IReadOnlyList<RegionOverride> overrides)
    {
        if (FailSaves) throw new IOException("disk full");
        Saved = [.. overrides];
        Saves++;
    }
}
