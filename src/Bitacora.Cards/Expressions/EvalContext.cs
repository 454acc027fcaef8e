using System.Text;
using System.Text.Json;

namespace Bitacora.Cards.Expressions;

/// <summary>An evaluation error, as the official engine's {error} result (caught by interpolation, fatal elsewhere).</summary>
internal sealed class EvalError(string message) : Exception(message);

/// <summary>What expressions read: the template scopes plus the lambda variables of where/select/foreach.</summary>
internal sealed class EvalContext
{
    public object? Root = Undefined.Value;
    public object? Data = Undefined.Value; // undefined means "$root"
    public object? Index = Undefined.Value;
    public object? Host = Undefined.Value;
    public readonly List<KeyValuePair<string, object?>> Locals = new();

    // Argument arrays of function calls, reused within one expansion (a card makes hundreds of calls).
    private readonly Stack<object?[]>?[] _args = new Stack<object?[]>?[5];

    /// <summary>An argument array of <paramref name="length"/>; give it back with <see cref="ReturnArgs"/>.</summary>
    public object?[] RentArgs(int length)
    {
        if (length == 0) return [];
        return length < _args.Length && _args[length] is { Count: > 0 } free ? free.Pop() : new object?[length];
    }

    public void ReturnArgs(object?[] args)
    {
        if (args.Length == 0 || args.Length >= _args.Length) return;
        Array.Clear(args);
        (_args[args.Length] ??= new Stack<object?[]>()).Push(args);
    }

    public static readonly JsObject TemplateVersion = CreateVersion();

    private static JsObject CreateVersion()
    {
        var o = new JsObject();
        o.Set("major", 2d);
        o.Set("minor", 3d);
        o.Set("patch", 1d);
        o.Set("suffix", "");
        return o;
    }

    public object? EffectiveData => Data is Undefined ? Root : Data;

    /// <summary>StackedMemory over the template memory: lambda variables first (innermost first).</summary>
    public object? GetValue(string path, string[] parts)
    {
        for (var i = Locals.Count - 1; i >= 0; i--)
        {
            var v = GetLocal(Locals[i], parts);
            if (v is not Undefined) return v;
        }
        if (path.Length == 0) return Undefined.Value;
        if (path[0] != '$')
        {
            // TemplateObjectMemory: "x" means "$data.x".
            return Walk(EffectiveData, parts, 0);
        }
        if (parts.Length == 0) return Undefined.Value;
        object? scope;
        var first = parts[0];
        if (first.Equals("$root", StringComparison.OrdinalIgnoreCase)) scope = Root;
        else if (first.Equals("$data", StringComparison.OrdinalIgnoreCase)) scope = EffectiveData;
        else if (first.Equals("$index", StringComparison.OrdinalIgnoreCase)) scope = Index;
        else if (first.Equals("$host", StringComparison.OrdinalIgnoreCase)) scope = Host;
        else if (first.Equals("$_acTemplateVersion", StringComparison.OrdinalIgnoreCase)) scope = TemplateVersion;
        else return Undefined.Value;
        return Walk(scope, parts, 1);
    }

    /// <summary>
    /// When the path (no lambda variable in scope) ends at a string property of an object, that string without
    /// converting it: <paramref name="text"/>, or the data's <paramref name="element"/> holding it. False otherwise
    /// (the caller evaluates the path as usual).
    /// </summary>
    public bool TryGetDataString(string path, string[] parts, out string? text, out JsonElement element)
    {
        text = null;
        element = default;
        if (Locals.Count > 0 || path.Length == 0 || parts.Length == 0) return false;
        object? scope;
        var start = 0;
        if (path[0] != '$')
        {
            scope = EffectiveData;
        }
        else
        {
            var first = parts[0];
            if (first.Equals("$root", StringComparison.OrdinalIgnoreCase)) scope = Root;
            else if (first.Equals("$data", StringComparison.OrdinalIgnoreCase)) scope = EffectiveData;
            else if (first.Equals("$host", StringComparison.OrdinalIgnoreCase)) scope = Host;
            else return false;
            start = 1;
        }
        var last = parts.Length - 1;
        if (last < start) return false;
        var container = last == start ? scope : Walk(scope, parts, start, last);
        return container is JsObject o && o.TryGetString(parts[last], out text, out element);
    }

    private static object? GetLocal(KeyValuePair<string, object?> local, string[] parts)
    {
        if (parts.Length == 0) return Undefined.Value;
        if (!(string.Equals(local.Key, parts[0], StringComparison.Ordinal) ||
              string.Equals(local.Key, parts[0], StringComparison.OrdinalIgnoreCase)))
        {
            return Undefined.Value;
        }
        return Walk(local.Value, parts, 1);
    }

    /// <summary>SimpleObjectMemory.getValue from a scope: any missing step gives undefined.</summary>
    public static object? Walk(object? scope, string[] parts, int start) => Walk(scope, parts, start, parts.Length);

    /// <summary>As <see cref="Walk(object?, string[], int)"/>, stopping before part <paramref name="end"/>.</summary>
    public static object? Walk(object? scope, string[] parts, int start, int end)
    {
        object? value = start == 0 ? Undefined.Value : scope;
        var current = scope;
        for (var i = start; i < end; i++)
        {
            var part = parts[i];
            if (current is List<object?> list)
            {
                var idx = Js.ParseInt(part);
                if (!double.IsNaN(idx))
                {
                    if (idx < 0 || idx >= list.Count) return Undefined.Value;
                    value = list[(int)idx];
                    current = value;
                    continue;
                }
            }
            value = AccessProperty(current, part);
            current = value;
        }
        return value;
    }

    /// <summary>accessProperty: falsy instances and missing keys give undefined; keys match ignoring case.</summary>
    public static object? AccessProperty(object? instance, string property)
    {
        if (!Js.Truthy(instance)) return Undefined.Value;
        switch (instance)
        {
            case JsObject o:
                return o.TryGetIgnoreCase(property, out var v) ? v : Undefined.Value;
            case List<object?> list:
                // Object.keys of an array are its indexes.
                for (var i = 0; i < list.Count; i++)
                {
                    if (string.Equals(i.ToString(System.Globalization.CultureInfo.InvariantCulture), property, StringComparison.Ordinal))
                        return list[i];
                }
                return Undefined.Value;
            case string s:
                for (var i = 0; i < s.Length; i++)
                {
                    if (string.Equals(i.ToString(System.Globalization.CultureInfo.InvariantCulture), property, StringComparison.Ordinal))
                        return s[i].ToString();
                }
                return Undefined.Value;
            default:
                return Undefined.Value;
        }
    }

    public static object? AccessIndex(object? instance, double index)
    {
        if (Js.IsNullish(instance)) return Undefined.Value;
        if (instance is List<object?> list)
        {
            if (index >= 0 && index < list.Count) return list[(int)index];
            throw new EvalError($"{Js.NumberToString(index)} is out of range for {Js.StringOf(instance)}");
        }
        throw new EvalError($"{Js.StringOf(instance)} is not a collection.");
    }
}
