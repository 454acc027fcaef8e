using System.Text.Json;
using Bitacora.Cards.Expressions;

namespace Bitacora.Cards;

/// <summary>An object: repeated over $data arrays, dropped when $when is not true.</summary>
internal sealed class ObjectNode : TemplateNode
{
    private static readonly HashSet<string> Reserved = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    private readonly Property[] _properties;
    private readonly TemplateNode? _data;
    private readonly object? _dataRaw;
    private readonly bool _hasData;
    private readonly TemplateNode? _when;

    private readonly record struct Property(string Name, JsonEncodedText Encoded, TemplateNode Node);

    private ObjectNode(Property[] properties, TemplateNode? data, object? dataRaw, bool hasData, TemplateNode? when)
    {
        _properties = properties;
        _data = data;
        _dataRaw = dataRaw;
        _hasData = hasData;
        _when = when;
    }

    public static ObjectNode CompileObject(JsonElement e, string location)
    {
        var order = new JsObject();
        foreach (var p in e.EnumerateObject())
        {
            order.Set(p.Name, p.Value);
        }
        var props = new List<Property>();
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
                props.Add(new(name, JsonEncodedText.Encode(name, JsonOutput.Options.Encoder), TemplateNode.Compile(value, childLocation)));
            }
        }
        return new ObjectNode(props.ToArray(), data, dataRaw, hasData, when);
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$')) return false;
        }
        return true;
    }

    private object? DataValue(EvalContext ctx) => _data switch
    {
        StringNode s => s.Evaluate(ctx, true),
        // Inline arrays and objects are used as they are written, not expanded.
        _ => _dataRaw,
    };

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
            var dataValue = DataValue(ctx);
            if (dataValue is List<object?> contexts)
            {
                return ExpandRepeated(ctx, contexts);
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

    private object? ExpandRepeated(EvalContext ctx, List<object?> contexts)
    {
        var result = new List<object?>(contexts.Count);
        for (var i = 0; i < contexts.Count; i++)
        {
            ctx.Index = Js.Box(i);
            if (contexts[i] is not Undefined) ctx.Data = contexts[i];
            var expanded = ExpandOne(ctx);
            if (expanded is not null) result.Add(expanded);
        }
        return result.Count switch { 0 => null, 1 => result[0], _ => result };
    }

    private JsObject? ExpandOne(EvalContext ctx)
    {
        if (!Kept(ctx)) return null;
        var result = new JsObject(_properties.Length);
        foreach (var p in _properties)
        {
            var value = p.Node.Expand(ctx);
            if (value is not Undefined) result.Set(p.Name, value);
        }
        return result;
    }

    /// <summary>$when: kept only when true (a literal $when drops the object when truthy, as the official engine).</summary>
    private bool Kept(EvalContext ctx) => _when switch
    {
        null => true,
        StringNode whenExpr => whenExpr.IsTrue(ctx),
        LiteralNode literal => !Js.Truthy(literal.Expand(ctx)),
        _ => false,
    };

    public override void WriteItems(EvalContext ctx, Utf8JsonWriter w)
    {
        var savedData = ctx.Data;
        var savedIndex = ctx.Index;
        try
        {
            if (!_hasData)
            {
                if (Kept(ctx)) WriteBody(ctx, w);
                return;
            }
            var dataValue = DataValue(ctx);
            if (dataValue is List<object?> contexts)
            {
                // In an array the repeated objects are flattened: each kept one is an item.
                for (var i = 0; i < contexts.Count; i++)
                {
                    ctx.Index = Js.Box(i);
                    if (contexts[i] is not Undefined) ctx.Data = contexts[i];
                    if (Kept(ctx)) WriteBody(ctx, w);
                }
                return;
            }
            if (dataValue is not Undefined) ctx.Data = dataValue;
            if (Kept(ctx)) WriteBody(ctx, w);
        }
        finally
        {
            ctx.Data = savedData;
            ctx.Index = savedIndex;
        }
    }

    public override void WriteProperty(EvalContext ctx, Utf8JsonWriter w, JsonEncodedText name)
    {
        if (_hasData)
        {
            // Repeated as a property value: null, one object or an array, known only after: build it, then write it.
            base.WriteProperty(ctx, w, name);
            return;
        }
        w.WritePropertyName(name);
        if (Kept(ctx)) WriteBody(ctx, w);
        else w.WriteNullValue();
    }

    public override bool WriteRoot(EvalContext ctx, Utf8JsonWriter w)
    {
        if (_hasData) return base.WriteRoot(ctx, w);
        if (!Kept(ctx)) return false;
        WriteBody(ctx, w);
        return true;
    }

    private void WriteBody(EvalContext ctx, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var p in _properties) p.Node.WriteProperty(ctx, w, p.Encoded);
        w.WriteEndObject();
    }
}
