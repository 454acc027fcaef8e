using System.Text.Json;
using Bitacora.Cards.Expressions;

namespace Bitacora.Cards;

/// <summary>A string with ${...} bindings: one binding keeps its value's type; several interpolate to a string.</summary>
internal sealed class StringNode : TemplateNode
{
    private readonly Expr? _single;
    private readonly Expr[]? _parts;
    private readonly string _location;
    private readonly string _text;

    private StringNode(string text, Expr? single, Expr[]? parts, string location)
    {
        _text = text;
        _single = single;
        _parts = parts;
        _location = location;
    }

    public static TemplateNode Compile(string text, string location)
    {
        if (!text.Contains("${", StringComparison.Ordinal)) return new LiteralNode(text);
        List<Expr> children;
        try
        {
            children = Interpolation.Parse(text);
        }
        catch (ExpressionSyntaxException e)
        {
            throw new TemplateException($"Invalid expression in \"{text}\" at {location}: {e.Message}", text, location, e);
        }
        if (children.Count == 2 && children[0] is ConstantExpr { Value: "" } && children[1] is not ConstantExpr)
        {
            // The official engine treats a lone concat(...) (or a & b) like an interpolated string: each argument
            // is converted with toString(), unresolved or failing ones become "${...}".
            return children[1] is CallExpr { Type: "concat" } concat
                ? new StringNode(text, null, concat.Args, location)
                : new StringNode(text, children[1], null, location);
        }
        return new StringNode(text, null, children.ToArray(), location);
    }

    /// <summary>Evaluates as a $data expression.</summary>
    public object? Evaluate(EvalContext ctx, bool subst) => Expand(ctx, subst);

    /// <summary>A $when condition: true only for the boolean true; evaluation errors count as false.</summary>
    public bool IsTrue(EvalContext ctx)
    {
        try
        {
            return (_single is not null ? _single.Eval(ctx, false) : Expand(ctx, false)) is true;
        }
        catch (EvalError)
        {
            return false;
        }
        catch (TemplateException e) when (e.InnerException is EvalError)
        {
            return false;
        }
        catch (JsTypeError e)
        {
            throw Fail(_single, e);
        }
    }

    public override object? Expand(EvalContext ctx) => Expand(ctx, true);

    public override void WriteItems(EvalContext ctx, Utf8JsonWriter w)
    {
        if (_single is null)
        {
            WriteInterpolated(ctx, w);
        }
        else if (_single is AccessorExpr path && path.TryGetDataString(ctx, out var text, out var element))
        {
            WriteDataString(w, text, element);
        }
        else
        {
            base.WriteItems(ctx, w);
        }
    }

    public override void WriteProperty(EvalContext ctx, Utf8JsonWriter w, JsonEncodedText name)
    {
        if (_single is null)
        {
            w.WritePropertyName(name);
            WriteInterpolated(ctx, w);
        }
        else if (_single is AccessorExpr path && path.TryGetDataString(ctx, out var text, out var element))
        {
            w.WritePropertyName(name);
            WriteDataString(w, text, element);
        }
        else
        {
            base.WriteProperty(ctx, w, name);
        }
    }

    public override bool WriteRoot(EvalContext ctx, Utf8JsonWriter w)
    {
        if (_single is not null) return base.WriteRoot(ctx, w);
        WriteInterpolated(ctx, w);
        return true;
    }

    /// <summary>A "${path}" naming a string of the data: copied as it is, no string made.</summary>
    private static void WriteDataString(Utf8JsonWriter w, string? text, JsonElement element)
    {
        if (text is not null) w.WriteStringValue(text);
        else element.WriteTo(w);
    }

    private void WriteInterpolated(EvalContext ctx, Utf8JsonWriter w)
    {
        var chars = new PooledChars(256);
        try
        {
            Interpolate(ctx, ref chars);
            w.WriteStringValue(chars.Span);
        }
        finally
        {
            chars.Dispose();
        }
    }

    private object? Expand(EvalContext ctx, bool subst)
    {
        if (_single is not null)
        {
            try
            {
                return _single.Eval(ctx, subst);
            }
            catch (Exception e) when (e is EvalError or JsTypeError)
            {
                throw Fail(_single, e);
            }
        }
        if (!subst)
        {
            // A concat evaluated without substitutions ($when): a plain concat, errors fatal.
            try
            {
                var acc = (object?)"";
                foreach (var part in _parts!) acc = Js.CommonStringify(acc) + Js.CommonStringify(part.Eval(ctx, false));
                return acc;
            }
            catch (Exception e) when (e is EvalError or JsTypeError)
            {
                throw Fail(null, e);
            }
        }
        var chars = new PooledChars(256);
        try
        {
            Interpolate(ctx, ref chars);
            return chars.Span.ToString();
        }
        finally
        {
            chars.Dispose();
        }
    }

    /// <summary>Each part with JavaScript's toString(); a part that fails to evaluate is written back as ${part}.</summary>
    private void Interpolate(EvalContext ctx, ref PooledChars chars)
    {
        foreach (var part in _parts!)
        {
            if (part is ConstantExpr { Value: string s })
            {
                chars.Append(s);
                continue;
            }
            if (part is AccessorExpr path && path.TryGetDataString(ctx, out var dataText, out var element))
            {
                if (dataText is not null) chars.Append(dataText);
                else chars.Append(element);
                continue;
            }
            object? value;
            try
            {
                value = part.Eval(ctx, true);
            }
            catch (Exception e) when (e is EvalError or JsTypeError)
            {
                chars.Append("${");
                chars.Append(part.ToString());
                chars.Append('}');
                continue;
            }
            switch (value)
            {
                case string text:
                    chars.Append(text);
                    break;
                case double d:
                    chars.AppendNumber(d);
                    break;
                default:
                    try
                    {
                        chars.Append(Js.ToStr(value));
                    }
                    catch (JsTypeError e)
                    {
                        throw Fail(part, e);
                    }
                    break;
            }
        }
    }

    private TemplateException Fail(Expr? expr, Exception e) =>
        new($"Cannot evaluate {(expr is null ? $"\"{_text}\"" : "${" + expr + "}")} at {_location}: {e.Message}",
            expr is null ? _text : "${" + expr + "}", _location, e);
}
