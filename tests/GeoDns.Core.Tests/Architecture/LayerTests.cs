using System.Reflection;
using System.Reflection.Emit;
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
            foreach (var used in Uses(type))
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
        Assert.Contains(Uses(engineLookup), t => t.FullName == "GeoDns.Core.Resolution.LookupEngine");
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

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type <paramref name="type"/> names, generic arguments and element types unwrapped.</summary>
    private static HashSet<Type> Uses(Type type)
    {
        var used = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (!used.Add(t)) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments()) Add(argument);
                Add(t.GetGenericTypeDefinition());
            }
        }
        void AddAttributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var attribute in attributes) Add(attribute.AttributeType);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        AddAttributes(type.CustomAttributes);
        foreach (var field in type.GetFields(All)) { Add(field.FieldType); AddAttributes(field.CustomAttributes); }
        foreach (var property in type.GetProperties(All)) { Add(property.PropertyType); AddAttributes(property.CustomAttributes); }
        foreach (var e in type.GetEvents(All)) Add(e.EventHandlerType);
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info) Add(info.ReturnType);
            foreach (var parameter in method.GetParameters()) { Add(parameter.ParameterType); AddAttributes(parameter.CustomAttributes); }
            AddAttributes(method.CustomAttributes);
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var member in MembersInBody(method, body)) Add(member as Type ?? member.DeclaringType);
        }
        foreach (var nested in type.GetNestedTypes(All))
            foreach (var t in Uses(nested)) Add(t);
        return used;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types, methods and fields a method body refers to (token operands of its IL).</summary>
    private static IEnumerable<MemberInfo> MembersInBody(MethodBase method, MethodBody body)
    {
        byte[] il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(token, typeArguments, methodArguments); }
                    catch (ArgumentException) { }
                    if (member is not null) yield return member;
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8:
                case OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;
            }
        }
    }
}
