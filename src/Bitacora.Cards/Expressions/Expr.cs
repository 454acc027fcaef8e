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

/// <summary>An Adaptive Expression node, shaped like the official engine's tree (same toString, same paths).</summary>
internal abstract class Expr
{
    public abstract string Type { get; }
    public virtual IReadOnlyList<Expr> Children => [];

    /// <param name="subst">Whether unresolved paths become "${path}" (the template's nullSubstitution).</param>
    public abstract object? Eval(EvalContext ctx, bool subst);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    public virtual void Write(StringBuilder sb)
    {
        var type = Type;
        var children = Children;
        var infix = type.Length > 0 && !char.IsAsciiLetter(type[0]) && children.Count >= 2;
        if (!infix) sb.Append(type);
        sb.Append('(');
        for (var i = 0; i < children.Count; i++)
        {
            if (i > 0)
            {
                if (infix) sb.Append(' ').Append(type).Append(' ');
                else sb.Append(", ");
            }
            children[i].Write(sb);
        }
        sb.Append(')');
    }
}

internal sealed class ConstantExpr(object? value) : Expr
{
    public object? Value { get; } = value;
    public override string Type => "Constant";
    public override object? Eval(EvalContext ctx, bool subst) => Value;

    public override void Write(StringBuilder sb)
    {
        switch (Value)
        {
            case Undefined: sb.Append("undefined"); break;
            case null: sb.Append("null"); break;
            case string s:
                // Backslashes doubled, then single quotes escaped (the engine's reverse-regex trick).
                sb.Append('\'').Append(s.Replace("\\", "\\\\").Replace("'", "\\'")).Append('\'');
                break;
            case double d: sb.Append(Js.NumberToString(d)); break;
            case List<object?> or JsObject: sb.Append(Js.Stringify(Value)); break;
            default: sb.Append(Js.ToStr(Value)); break;
        }
    }
}

/// <summary>Accessor and Element nodes evaluate through a memory path, like tryAccumulatePath.</summary>
internal abstract class PathExpr : Expr
{
    /// <summary>Pre-computed path when every step is a name or a constant index; null when dynamic.</summary>
    protected string? StaticPath;
    protected string[]? StaticParts;
    protected Expr? StaticLeft;

    protected void Precompute()
    {
        var segments = new List<string>();
        Expr? left = this;
        while (left is not null)
        {
            if (left is AccessorExpr a)
            {
                segments.Add(a.Name);
                left = a.Instance;
            }
            else if (left is ElementExpr e)
            {
                if (e.Index is not ConstantExpr c) return;
                var seg = IndexSegment(c.Value, e.Index);
                if (seg is null) return;
                segments.Add(seg);
                left = e.Instance;
            }
            else
            {
                break;
            }
        }
        StaticPath = BuildPath(segments);
        StaticParts = SplitPath(StaticPath);
        StaticLeft = left;
    }

    /// <summary>"[v]" for numbers, "['v']" for strings, null (an error) otherwise.</summary>
    protected static string? IndexSegment(object? value, Expr index)
    {
        if (value is double d && !double.IsNaN(Js.ParseInt(Js.NumberToString(d)))) return "[" + Js.NumberToString(d) + "]";
        if (value is string s) return "['" + s + "']";
        return null;
    }

    protected static string BuildPath(List<string> segmentsInnerFirst)
    {
        // The engine prepends "segment." for each step, then trims trailing dots and ".[" → "[".
        var sb = new StringBuilder();
        for (var i = segmentsInnerFirst.Count - 1; i >= 0; i--)
        {
            sb.Append(segmentsInnerFirst[i]).Append('.');
        }
        var path = sb.ToString().TrimEnd('.').Replace(".[", "[");
        return path;
    }

    public static string[] SplitPath(string path)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i <= path.Length; i++)
        {
            var sep = i == path.Length || path[i] is '.' or '[' or ']';
            if (sep)
            {
                if (start >= 0)
                {
                    var u = path[start..i];
                    if (u.Length >= 2 && ((u[0] == '"' && u[^1] == '"') || (u[0] == '\'' && u[^1] == '\'')))
                        u = u[1..^1];
                    else if (u.Length == 1 && (u[0] == '"' || u[0] == '\''))
                        u = "";
                    parts.Add(u);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return parts.ToArray();
    }

    protected object? EvalPath(EvalContext ctx, bool subst)
    {
        string path;
        string[] parts;
        Expr? left;
        if (StaticPath is not null)
        {
            path = StaticPath;
            parts = StaticParts!;
            left = StaticLeft;
        }
        else
        {
            var segments = new List<string>();
            left = this;
            while (left is not null)
            {
                if (left is AccessorExpr a)
                {
                    segments.Add(a.Name);
                    left = a.Instance;
                }
                else if (left is ElementExpr e)
                {
                    var v = e.Index.Eval(ctx, subst);
                    var seg = IndexSegment(v, e.Index) ?? throw new EvalError($"{e.Index} doesn't return an int or string");
                    segments.Add(seg);
                    left = e.Instance;
                }
                else
                {
                    break;
                }
            }
            path = BuildPath(segments);
            parts = SplitPath(path);
        }
        object? result;
        if (left is null)
        {
            result = ctx.GetValue(path, parts);
        }
        else
        {
            var scope = left.Eval(ctx, subst);
            result = path.Length == 0 ? Undefined.Value : EvalContext.Walk(scope, parts, 0);
        }
        if (result is not Undefined) return result;
        return subst ? "${" + path + "}" : Undefined.Value;
    }
}

internal sealed class AccessorExpr : PathExpr
{
    public AccessorExpr(string name, Expr? instance)
    {
        Name = name;
        Instance = instance;
        Precompute();
    }

    public string Name { get; }
    public Expr? Instance { get; }
    public override string Type => "Accessor";
    public override IReadOnlyList<Expr> Children => Instance is null ? [new ConstantExpr(Name)] : [new ConstantExpr(Name), Instance];

    public override object? Eval(EvalContext ctx, bool subst) => EvalPath(ctx, subst);

    /// <summary>See <see cref="EvalContext.TryGetDataString"/>; only for a path known at parse time.</summary>
    public bool TryGetDataString(EvalContext ctx, out string? text, out JsonElement element)
    {
        if (StaticPath is null || StaticLeft is not null)
        {
            text = null;
            element = default;
            return false;
        }
        return ctx.TryGetDataString(StaticPath, StaticParts!, out text, out element);
    }

    public override void Write(StringBuilder sb)
    {
        if (Instance is not null)
        {
            Instance.Write(sb);
            sb.Append('.');
        }
        sb.Append(Name);
    }
}

internal sealed class ElementExpr : PathExpr
{
    public ElementExpr(Expr instance, Expr index)
    {
        Instance = instance;
        Index = index;
    }

    public Expr Instance { get; }
    public Expr Index { get; }
    public override string Type => "Element";
    public override IReadOnlyList<Expr> Children => [Instance, Index];

    /// <summary>Used inside an accessor chain (e.g. a[0].b); on its own, Element evaluates as below.</summary>
    public override object? Eval(EvalContext ctx, bool subst)
    {
        var inst = Instance.Eval(ctx, subst);
        var idx = Index.Eval(ctx, false);
        if (Js.IsInteger(idx)) return EvalContext.AccessIndex(inst, (double)idx!);
        if (idx is string s) return EvalContext.AccessProperty(inst, s);
        throw new EvalError($"Could not coerce {Index} to an int or string.");
    }

    public override void Write(StringBuilder sb)
    {
        Instance.Write(sb);
        sb.Append('[');
        Index.Write(sb);
        sb.Append(']');
    }
}

/// <summary>A function or operator call.</summary>
internal sealed class CallExpr(string type, FunctionDef function, Expr[] args) : Expr
{
    public Expr[] Args { get; } = args;
    public FunctionDef Function { get; } = function;
    public override string Type { get; } = type;
    public override IReadOnlyList<Expr> Children => Args;
    public override object? Eval(EvalContext ctx, bool subst) => Function.Evaluate(this, ctx, subst);
}
