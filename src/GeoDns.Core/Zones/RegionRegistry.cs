namespace GeoDns.Core.Zones;

/// <summary>
/// Numbers <c>$REGION</c> names for one load: from the topology's list when one is given (index =
/// position), else in order of first appearance across every file of the load.
/// </summary>
internal sealed class RegionRegistry
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public RegionRegistry(IReadOnlyList<string>? fixedNames)
    {
        IsFixed = fixedNames is not null;
        if (fixedNames is null) return;
        foreach (var name in fixedNames)
        {
            _index.TryAdd(name, _names.Count);
            _names.Add(name);
        }
    }

    /// <summary>
    /// A registry that starts with <paramref name="names"/> at their positions and numbers any new
    /// name after them (the zone catalog's numbering without topology, kept across reloads).
    /// </summary>
    public static RegionRegistry Growable(IReadOnlyList<string> names)
    {
        var registry = new RegionRegistry(null);
        foreach (var name in names) registry.Register(name);
        return registry;
    }

    /// <summary>True when the names come from the topology and no others are accepted.</summary>
    public bool IsFixed { get; }

    public IReadOnlyList<string> Names => _names;

    /// <summary>Adds <paramref name="name"/> unless the list is fixed; returns its index or -1.</summary>
    public int Register(string name)
    {
        if (_index.TryGetValue(name, out int index)) return index;
        if (IsFixed) return -1;
        index = _names.Count;
        _names.Add(name);
        _index.Add(name, index);
        return index;
    }

    public int IndexOf(string name) => _index.TryGetValue(name, out int index) ? index : -1;
}
