using System.Text.Json;
using Bitacora.Cards.Expressions;

namespace Bitacora.Cards;

/// <summary>
/// A compiled template value. <see cref="Expand"/> builds the engine's value; the Write methods stream the same result
/// as JSON (no intermediate tree) and fall back to <see cref="Expand"/> where the result's shape is only known after.
/// </summary>
internal abstract class TemplateNode
{
    public abstract object? Expand(EvalContext ctx);

    /// <summary>Writes what this node adds to an enclosing array: nothing for null, each item of a list (flattened).</summary>
    public virtual void WriteItems(EvalContext ctx, Utf8JsonWriter w)
    {
        var value = Expand(ctx);
        if (value is null) return;
        if (value is List<object?> many)
        {
            foreach (var item in many) JsonOutput.Write(w, item);
        }
        else
        {
            JsonOutput.Write(w, value);
        }
    }

    /// <summary>Writes the property <paramref name="name"/> with this node's value, nothing when it is undefined.</summary>
    public virtual void WriteProperty(EvalContext ctx, Utf8JsonWriter w, JsonEncodedText name)
    {
        var value = Expand(ctx);
        if (value is Undefined) return;
        w.WritePropertyName(name);
        JsonOutput.Write(w, value);
    }

    /// <summary>Writes the whole expanded template; false (nothing written) when it expands to null.</summary>
    public virtual bool WriteRoot(EvalContext ctx, Utf8JsonWriter w)
    {
        var value = Expand(ctx);
        if (Js.IsNullish(value)) return false;
        JsonOutput.Write(w, value);
        return true;
    }

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

/// <summary>A value without bindings (a scalar: objects and arrays compile to their own nodes).</summary>
internal sealed class LiteralNode : TemplateNode
{
    private readonly object? _value;
    private readonly JsonEncodedText? _text;

    public LiteralNode(object? value)
    {
        _value = value;
        if (value is string s) _text = JsonEncodedText.Encode(s, JsonOutput.Options.Encoder);
    }

    public override object? Expand(EvalContext ctx) => _value is List<object?> or JsObject ? Copy(_value) : _value;

    public override void WriteItems(EvalContext ctx, Utf8JsonWriter w)
    {
        if (_value is null) return;
        WriteValue(ctx, w);
    }

    public override void WriteProperty(EvalContext ctx, Utf8JsonWriter w, JsonEncodedText name)
    {
        w.WritePropertyName(name);
        WriteValue(ctx, w);
    }

    private void WriteValue(EvalContext ctx, Utf8JsonWriter w)
    {
        if (_text is { } text) w.WriteStringValue(text);
        else JsonOutput.Write(w, Expand(ctx));
    }

    private static object? Copy(object? v)
    {
        switch (v)
        {
            case List<object?> l:
                var list = new List<object?>(l.Count);
                foreach (var item in l) list.Add(Copy(item));
                return list;
            case JsObject o:
                var c = new JsObject(o.Count);
                foreach (var (k, value) in o.Entries) c.Set(k, Copy(value));
                return c;
            default:
                return v;
        }
    }
}

/// <summary>An array: nulls dropped, lists (repeated objects, nested arrays) flattened into it.</summary>
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

    public override void WriteItems(EvalContext ctx, Utf8JsonWriter w)
    {
        var savedData = ctx.Data;
        var savedIndex = ctx.Index;
        foreach (var item in items) item.WriteItems(ctx, w);
        ctx.Data = savedData;
        ctx.Index = savedIndex;
    }

    public override void WriteProperty(EvalContext ctx, Utf8JsonWriter w, JsonEncodedText name)
    {
        w.WritePropertyName(name);
        WriteArray(ctx, w);
    }

    public override bool WriteRoot(EvalContext ctx, Utf8JsonWriter w)
    {
        WriteArray(ctx, w);
        return true;
    }

    private void WriteArray(EvalContext ctx, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        WriteItems(ctx, w);
        w.WriteEndArray();
    }
}
