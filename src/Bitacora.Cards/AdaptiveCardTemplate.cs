using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Cards.Expressions;

namespace Bitacora.Cards;

/// <summary>
/// An Adaptive Card template (https://learn.microsoft.com/adaptive-cards/templating/), parsed once and expanded
/// many times, with the semantics of the official JavaScript engine (adaptivecards-templating 2.3.1 on
/// adaptive-expressions 4.23.3). Immutable after <see cref="Parse"/>, so one instance may be expanded concurrently.
/// </summary>
public sealed class AdaptiveCardTemplate
{
    private readonly TemplateNode _root;

    private AdaptiveCardTemplate(TemplateNode root) => _root = root;

    /// <summary>Parses a template; throws <see cref="TemplateException"/> for invalid JSON or expressions.</summary>
    public static AdaptiveCardTemplate Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TemplateException($"The template is not valid JSON: {e.Message}", null, "$", e);
        }
        using (doc)
        {
            return new AdaptiveCardTemplate(TemplateNode.Compile(doc.RootElement, "$"));
        }
    }

    /// <summary>Parses a template already held as JSON.</summary>
    public static AdaptiveCardTemplate Parse(JsonNode? template) => Parse(template?.ToJsonString() ?? "null");

    /// <summary>
    /// Binds the template to <paramref name="data"/> ($root) and <paramref name="host"/> ($host). Returns null when
    /// the whole template expands to nothing (e.g. a root $when that is false).
    /// </summary>
    public JsonNode? Expand(JsonNode? data, JsonNode? host = null)
    {
        var value = ExpandValue(Js.FromJson(data), host is null ? Undefined.Value : Js.FromJson(host));
        return Js.ToJson(value);
    }

    /// <summary>Convenience: data and host as JSON text; returns the expanded card as compact JSON text.</summary>
    public string Expand(string dataJson, string? hostJson = null)
    {
        var data = ParseData(dataJson, "data");
        var host = hostJson is null ? Undefined.Value : ParseData(hostJson, "host");
        return Js.Stringify(ExpandValue(data, host)) ?? "null";
    }

    private static object? ParseData(string json, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Js.FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new TemplateException($"The {what} is not valid JSON: {e.Message}", null, "$", e);
        }
    }

    internal object? ExpandValue(object? data, object? host)
    {
        var ctx = new EvalContext { Root = data, Host = host };
        return _root.Expand(ctx);
    }
}

/// <summary>A compiled template value.</summary>
internal abstract class TemplateNode
{
    public abstract object? Expand(EvalContext ctx);

    public static TemplateNode Compile(JsonElement e, string location)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return StringNode.Compile(e.GetString()!, location);
            case JsonValueKind.Array:
                var items = new List<TemplateNode>();
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    items.Add(Compile(item, $"{location}[{i++}]"));
                }
                return new ArrayNode(items.ToArray());
            case JsonValueKind.Object:
                return ObjectNode.CompileObject(e, location);
            default:
                return new LiteralNode(Js.FromJson(e));
        }
    }
}

internal sealed class LiteralNode(object? value) : TemplateNode
{
    public override object? Expand(EvalContext ctx) => value is List<object?> or JsObject ? Copy(value) : value;

    private static object? Copy(object? v) => v switch
    {
        List<object?> l => l.Select(Copy).ToList(),
        JsObject o => CopyObject(o),
        _ => v,
    };

    private static JsObject CopyObject(JsObject o)
    {
        var c = new JsObject(o.Count);
        foreach (var (k, v) in o.Entries) c.Set(k, Copy(v));
        return c;
    }
}

internal sealed class ArrayNode(TemplateNode[] items) : TemplateNode
{
    public override object? Expand(EvalContext ctx)
    {
        var savedData = ctx.Data;
        var savedIndex = ctx.Index;
        var result = new List<object?>(items.Length);
        foreach (var item in items)
        {
            var expanded = item.Expand(ctx);
            if (expanded is null) continue;
            if (expanded is List<object?> many) result.AddRange(many);
            else result.Add(expanded);
        }
        ctx.Data = savedData;
        ctx.Index = savedIndex;
        return result;
    }
}

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
        var sb = new StringBuilder();
        foreach (var part in _parts!)
        {
            if (part is ConstantExpr { Value: string s })
            {
                sb.Append(s);
                continue;
            }
            object? value;
            try
            {
                value = part.Eval(ctx, true);
            }
            catch (EvalError)
            {
                sb.Append("${").Append(part).Append('}');
                continue;
            }
            catch (JsTypeError)
            {
                sb.Append("${").Append(part).Append('}');
                continue;
            }
            try
            {
                sb.Append(Js.ToStr(value));
            }
            catch (JsTypeError e)
            {
                throw Fail(part, e);
            }
        }
        return sb.ToString();
    }

    private TemplateException Fail(Expr? expr, Exception e) =>
        new($"Cannot evaluate {(expr is null ? $"\"{_text}\"" : "${" + expr + "}")} at {_location}: {e.Message}",
            expr is null ? _text : "${" + expr + "}", _location, e);
}

/// <summary>An object: repeated over $data arrays, dropped when $when is not true.</summary>
internal sealed class ObjectNode : TemplateNode
{
    private static readonly HashSet<string> Reserved = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    private readonly KeyValuePair<string, TemplateNode>[] _properties;
    private readonly TemplateNode? _data;
    private object? _dataRaw = Undefined.Value;
    private readonly bool _hasData;
    private readonly TemplateNode? _when;
    private readonly string _location;

    private ObjectNode(KeyValuePair<string, TemplateNode>[] properties, TemplateNode? data, bool hasData, TemplateNode? when, string location)
    {
        _properties = properties;
        _data = data;
        _hasData = hasData;
        _when = when;
        _location = location;
    }

    public static ObjectNode CompileObject(JsonElement e, string location)
    {
        var order = new JsObject();
        foreach (var p in e.EnumerateObject())
        {
            order.Set(p.Name, p.Value);
        }
        var props = new List<KeyValuePair<string, TemplateNode>>();
        TemplateNode? data = null;
        TemplateNode? when = null;
        var hasData = false;
        object? dataRaw = Undefined.Value;
        foreach (var (name, raw) in order.Entries)
        {
            var value = (JsonElement)raw!;
            var childLocation = IsPlainName(name) ? $"{location}.{name}" : $"{location}['{name}']";
            if (name == "$data")
            {
                hasData = true;
                data = TemplateNode.Compile(value, childLocation);
                dataRaw = Js.FromJson(value);
            }
            else if (name == "$when")
            {
                when = TemplateNode.Compile(value, childLocation);
            }
            if (!Reserved.Contains(name))
            {
                props.Add(new(name, TemplateNode.Compile(value, childLocation)));
            }
        }
        return new ObjectNode(props.ToArray(), data, hasData, when, location) { _dataRaw = dataRaw };
    }

    private static bool IsPlainName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    public override object? Expand(EvalContext ctx)
    {
        var savedData = ctx.Data;
        var savedIndex = ctx.Index;
        try
        {
            if (!_hasData)
            {
                return ExpandOne(ctx);
            }
            var dataValue = _data switch
            {
                StringNode s => s.Evaluate(ctx, true),
                // Inline arrays and objects are used as they are written, not expanded.
                _ => _dataRaw,
            };
            if (dataValue is List<object?> contexts)
            {
                var result = new List<object?>(contexts.Count);
                for (var i = 0; i < contexts.Count; i++)
                {
                    ctx.Index = (double)i;
                    if (contexts[i] is not Undefined) ctx.Data = contexts[i];
                    var expanded = ExpandOne(ctx);
                    if (expanded is not null) result.Add(expanded);
                }
                return result.Count switch { 0 => null, 1 => result[0], _ => result };
            }
            if (dataValue is not Undefined) ctx.Data = dataValue;
            return ExpandOne(ctx);
        }
        finally
        {
            ctx.Data = savedData;
            ctx.Index = savedIndex;
        }
    }

    private JsObject? ExpandOne(EvalContext ctx)
    {
        if (_when is StringNode whenExpr)
        {
            if (!whenExpr.IsTrue(ctx)) return null;
        }
        else if (_when is LiteralNode literal)
        {
            if (Js.Truthy(literal.Expand(ctx))) return null;
        }
        else if (_when is not null)
        {
            return null;
        }
        var result = new JsObject(_properties.Length);
        foreach (var (name, node) in _properties)
        {
            var value = node.Expand(ctx);
            if (value is not Undefined) result.Set(name, value);
        }
        return result;
    }
}
