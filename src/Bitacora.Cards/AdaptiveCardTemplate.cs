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
    private static readonly JsonDocumentOptions ReadBack = new() { MaxDepth = 1000 };

    private readonly TemplateNode _root;

    // The largest card written so far: the next expansion rents a buffer that fits it at once.
    private int _sizeHint = 4096;

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
    /// <remarks>
    /// The card is written as JSON into a pooled buffer and read back with <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>:
    /// its nodes are created when first read (a caller that only serializes the card never creates them).
    /// </remarks>
    public JsonNode? Expand(JsonNode? data, JsonNode? host = null)
    {
        var ctx = new EvalContext { Root = Js.FromJson(data), Host = host is null ? Undefined.Value : Js.FromJson(host) };
        using var buffer = new PooledBufferWriter(_sizeHint);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            if (!_root.WriteRoot(ctx, writer)) return null;
        }
        var written = buffer.WrittenSpan;
        if (written.Length > _sizeHint) _sizeHint = written.Length;
        return JsonNode.Parse(written, documentOptions: ReadBack);
    }

    /// <summary>
    /// Binds the template and writes the expanded card to <paramref name="writer"/> (nothing when it expands to
    /// nothing; the return value says which), without building it in memory. The template's own texts and property
    /// names are pre-encoded with relaxed escaping (still valid JSON), whatever encoder the writer has.
    /// </summary>
    public bool WriteTo(Utf8JsonWriter writer, JsonNode? data, JsonNode? host = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var ctx = new EvalContext { Root = Js.FromJson(data), Host = host is null ? Undefined.Value : Js.FromJson(host) };
        return _root.WriteRoot(ctx, writer);
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
