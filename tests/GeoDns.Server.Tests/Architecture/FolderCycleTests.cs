using System.Reflection;
using System.Reflection.Emit;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Tests.Architecture;

/// <summary>
/// The folders of <c>src/GeoDns.Server</c> (one namespace each) reference each other one way only:
/// the graph of "a type in folder A uses a type in folder B" has no cycle. A use is any type in a
/// signature (base type, interfaces, fields, properties, parameters, return types, generic
/// arguments) or in a method body (calls, <c>new</c>, field access, casts, <c>typeof</c>), read from the IL,
/// so a static call or an extension method (a log message) counts like a field.
/// </summary>
public sealed class FolderCycleTests
{
    private const string Root = "GeoDns.Server";

    private static readonly Dictionary<short, OpCode> OneByte = [];
    private static readonly Dictionary<short, OpCode> TwoByte = [];

    static FolderCycleTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            if (code.Size == 1) OneByte[code.Value] = code;
            else TwoByte[(short)(code.Value & 0xff)] = code;
        }
    }

    [Fact]
    public void Server_folders_form_no_cycle()
    {
        var graph = FolderGraph(typeof(GeoDnsConfiguration).Assembly);
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0,
            "Folder cycles in GeoDns.Server:\n" + string.Join("\n", cycles.Select(c => Describe(graph, c))));
    }

    [Fact]
    public void The_graph_sees_uses_in_method_bodies_and_signatures()
    {
        var graph = FolderGraph(typeof(GeoDnsConfiguration).Assembly);
        // Hosting registers the reload service and creates the listeners; the listeners log through their own log class.
        Assert.Contains("Reload", graph["Hosting"].Keys);
        Assert.Contains("Listeners", graph["Hosting"].Keys);
        Assert.Contains("Configuration", graph["Reload"].Keys);
    }

    /// <summary>folder → folder it uses → one example "Type → Type".</summary>
    internal static Dictionary<string, Dictionary<string, string>> FolderGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (Folder(type) is not { } from) continue;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new(StringComparer.Ordinal);
            foreach (var used in Uses(type))
            {
                if (Folder(used) is { } to && to != from) edges.TryAdd(to, $"{Outer(type).Name} → {Outer(used).Name}");
            }
        }
        return graph;
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static string? Folder(Type type)
    {
        if (type.IsGenericParameter || type.HasElementType) return null;
        string? ns = Outer(type).Namespace;
        if (ns is null || type.Assembly.GetName().Name != "geodns") return null;
        if (ns == Root) return "(root)";
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t)) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments()) Add(argument);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(all)) Add(f.FieldType);
        foreach (var p in type.GetProperties(all)) Add(p.PropertyType);
        foreach (var e in type.GetEvents(all)) Add(e.EventHandlerType);
        var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
        foreach (var method in methods)
        {
            if (method is MethodInfo info) Add(info.ReturnType);
            foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
            foreach (var used in BodyUses(method)) Add(used);
        }
        return found;
    }

    private static IEnumerable<Type> BodyUses(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException) { il = null; }
        if (il is null) yield break;
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pos = 0;
        while (pos < il.Length)
        {
            OpCode code = il[pos] == 0xfe ? TwoByte[il[pos + 1]] : OneByte[il[pos]];
            pos += code.Size;
            int operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, pos);
                MemberInfo? member;
                try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException) { member = null; }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case MethodBase m:
                        if (m.DeclaringType is { } mt) yield return mt;
                        if (m is MethodInfo mi) yield return mi.ReturnType;
                        foreach (var p in m.GetParameters()) yield return p.ParameterType;
                        if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                        break;
                    case FieldInfo f:
                        if (f.DeclaringType is { } ft) yield return ft;
                        yield return f.FieldType;
                        break;
                }
            }
            pos += operand;
        }
    }

    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var edges) ? edges.Keys.ToList() : [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            result.Add(component);
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal)) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    private static string Describe(Dictionary<string, Dictionary<string, string>> graph, List<string> component)
    {
        var inside = component.ToHashSet();
        return string.Join("\n", component.Order(StringComparer.Ordinal).SelectMany(from =>
            graph[from].Where(e => inside.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"  {from} → {e.Key} ({e.Value})")));
    }
}
