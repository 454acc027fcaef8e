using System.Text;
using System.Text.Json;

namespace Bitacora.Cards.Expressions;

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
