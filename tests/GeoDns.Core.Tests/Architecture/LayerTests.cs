using System.Reflection;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Tests.Architecture;

/// <summary>
/// Core is built in layers, each folder (namespace) using only folders of lower layers:
/// Dns → Zones (model, Rdata, MasterFile, Loading, Catalog), Geo, Health → Resolution →
/// Pipeline → Telemetry. Read from the compiled assembly: signatures, fields, attributes, locals
/// and every type, method and field a method body names (lambdas and state machines are nested
/// types, so they count for their declaring type).
/// </summary>
public sealed class LayerTests
{
    /// <summary>
    /// Rank of each Core namespace; a type may use types of its own namespace and of namespaces of a
    /// lower rank only. Namespaces of one rank are independent of each other.
    /// </summary>
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["GeoDns.Core.Dns"] = 0,
        ["GeoDns.Core.Zones"] = 1,
        ["GeoDns.Core.Zones.Rdata"] = 1,
        ["GeoDns.Core.Geo"] = 1,
        ["GeoDns.Core.Health"] = 1,
        ["GeoDns.Core.RateLimiting"] = 1,
        ["GeoDns.Core.Zones.MasterFile"] = 2,
        ["GeoDns.Core.Geo.Mmdb"] = 2,
        ["GeoDns.Core.Zones.Loading"] = 3,
        ["GeoDns.Core.Zones.Catalog"] = 4,
        ["GeoDns.Core.Resolution"] = 5,
        ["GeoDns.Core.Pipeline"] = 6,
        ["GeoDns.Core.Telemetry"] = 7,
    };

    private static readonly Assembly Core = typeof(DnsName).Assembly;

    [Fact]
    public void Every_Core_namespace_has_a_layer()
    {
        var unknown = Core.GetTypes()
            .Select(NamespaceOf)
            .Where(ns => ns is not null && !Layers.ContainsKey(ns))
            .Distinct()
            .ToList();
        Assert.True(unknown.Count == 0, "give these namespaces a layer: " + string.Join(", ", unknown));
    }

    [Fact]
    public void No_type_uses_a_type_of_its_own_or_a_higher_layer_in_another_namespace()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Core.GetTypes())
        {
            string? from = NamespaceOf(type);
            if (from is null || !Layers.TryGetValue(from, out int rank)) continue;
            foreach (var used in TypeUses.Of(type))
            {
                string? to = NamespaceOf(used);
                if (to is null || to == from || !Layers.TryGetValue(to, out int usedRank)) continue;
                if (usedRank >= rank) violations.Add($"{from} -> {to}: {Outer(type).Name} uses {Outer(used).Name}");
            }
        }
        Assert.True(violations.Count == 0, "a lower layer uses a higher one:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_layer_check_sees_references_from_method_bodies()
    {
        // The pipeline calls the lookup engine only from a method body (EngineLookup.Lookup): the check must see it.
        var engineLookup = Core.GetType("GeoDns.Core.Pipeline.EngineLookup", throwOnError: true)!;
        Assert.Contains(TypeUses.Of(engineLookup), t => t.FullName == "GeoDns.Core.Resolution.LookupEngine");
    }

    /// <summary>The Core namespace of a type (nested types: of the outermost), or null outside Core.</summary>
    private static string? NamespaceOf(Type type)
    {
        type = Outer(type);
        if (type.Assembly != Core) return null;
        string? ns = type.Namespace;
        return ns is not null && ns.StartsWith("GeoDns.Core.", StringComparison.Ordinal) ? ns : null;
    }

    private static Type Outer(Type type)
    {
        while (type.HasElementType) type = type.GetElementType()!;
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }
}
