using System.Reflection;
using System.Reflection.Emit;

namespace GeoDns.Core.Tests.Architecture;

/// <summary>
/// The types a compiled type names: signatures, fields, attributes, locals and every type, method and
/// field its method bodies name (lambdas and state machines are nested types, so they count for their declaring type).
/// </summary>
internal static class TypeUses
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type <paramref name="type"/> names, generic arguments and element types unwrapped.</summary>
    public static HashSet<Type> Of(Type type)
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
            foreach (var t in Of(nested)) Add(t);
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
