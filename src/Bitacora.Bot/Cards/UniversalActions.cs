using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Bot.Cards;

/// <summary>
/// Every Action.Execute of our cards gets an Action.Submit fallback with the same title and data, so clients
/// without Universal Actions still reach the same handler (the data always carries the verb).
/// </summary>
/// <remarks>
/// The fallback depends only on the template (type, verb, title and data of each Action.Execute are written in it), so
/// <see cref="CardCatalog"/> adds it once to the parsed template (<see cref="TryAddToTemplate"/>): the expanded card
/// already carries it and nobody walks the card per message (reading every node of a card builds its whole
/// <see cref="JsonNode"/> tree). <see cref="WithSubmitFallbacks"/> (a walk of an expanded card) stays for a template
/// whose actions are not all written in it.
/// </remarks>
public static class UniversalActions
{
    private const string Execute = "Action.Execute";

    // Template properties that are not part of the card (as the engine's).
    private static readonly HashSet<string> Reserved = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    // Where a whole ${binding} could bring in elements or actions that the template does not show.
    private static readonly HashSet<string> Structural =
        ["body", "actions", "items", "columns", "card", "selectAction", "fallback", "inlineAction", "rows", "cells"];

    /// <summary>Adds the fallbacks to an expanded card (walks every node of it).</summary>
    public static JsonObject WithSubmitFallbacks(JsonObject card)
    {
        Visit(card, template: false);
        return card;
    }

    /// <summary>
    /// Adds the fallbacks to a template (JSON of a card template, before <c>AdaptiveCardTemplate.Parse</c>) so that
    /// every expansion equals the expansion of the original template followed by <see cref="WithSubmitFallbacks"/>.
    /// False, and the template untouched, when that cannot be known from the template alone (an action type, verb or
    /// data given by a binding, a whole binding where elements or actions go): expand it and call
    /// <see cref="WithSubmitFallbacks"/> then.
    /// </summary>
    public static bool TryAddToTemplate(JsonNode template)
    {
        if (!IsStatic(template)) return false;
        Visit(template, template: true);
        return true;
    }

    private static void Visit(JsonNode? node, bool template)
    {
        switch (node)
        {
            case JsonObject obj:
                AddFallback(obj);
                foreach (var (name, child) in obj.ToList())
                {
                    // In a template, $data and $when are not part of the card ($data may be inline data).
                    if (template && Reserved.Contains(name)) continue;
                    Visit(child, template);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child, template);
                }
                break;
        }
    }

    private static void AddFallback(JsonObject obj)
    {
        if (!IsExecute(obj) || obj["fallback"] is not null) return;
        var data = obj["data"] as JsonObject ?? new JsonObject();
        if (data["verb"] is null && obj["verb"] is JsonValue verb)
        {
            data["verb"] = verb.DeepClone();
        }
        obj["data"] = data;
        obj["fallback"] = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = obj["title"]?.DeepClone(),
            ["data"] = data.DeepClone(),
        };
    }

    private static bool IsExecute(JsonObject obj) =>
        obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == Execute;

    /// <summary>
    /// True when every Action.Execute the template can expand to is written in it with what the fallback copies
    /// fixed or copied as an expression that expands alike: a literal type, a literal (or no) fallback, data as an
    /// object without $data/$when, and the verb the fallback needs written literally.
    /// </summary>
    private static bool IsStatic(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && HasBinding(type))
                {
                    return false;
                }
                if (IsExecute(obj) && !IsStaticExecute(obj)) return false;
                foreach (var (name, child) in obj)
                {
                    if (Reserved.Contains(name)) continue;
                    if (Structural.Contains(name) && IsWholeBinding(child)) return false;
                    if (!IsStatic(child)) return false;
                }
                return true;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (IsWholeBinding(child) || !IsStatic(child)) return false;
                }
                return true;
            default:
                return true;
        }
    }

    private static bool IsStaticExecute(JsonObject action)
    {
        if (action.TryGetPropertyValue("fallback", out var fallback))
        {
            // Kept as it is when present: only if it is always present, i.e. a fixed value.
            return fallback is not null && !HasBinding(fallback) && !ContainsReserved(fallback);
        }
        if (action["title"] is not (null or JsonValue)) return false;
        JsonObject? data = null;
        if (action.TryGetPropertyValue("data", out var dataNode))
        {
            data = dataNode as JsonObject;
            if (data is null || data.ContainsKey("$data") || data.ContainsKey("$when")) return false;
        }
        if (data is not null && data.TryGetPropertyValue("verb", out var dataVerb))
        {
            // Left alone at run time unless it expands to null: it must be a fixed value.
            return dataVerb is not null && !HasBinding(dataVerb);
        }
        // Copied into the data when it is a value: a binding could expand to null or an object (then not copied).
        return action["verb"] switch
        {
            null => true,
            JsonValue verb => !HasBinding(verb),
            _ => false,
        };
    }

    private static bool HasBinding(JsonNode node) => node.ToJsonString().Contains("${", StringComparison.Ordinal);

    private static bool ContainsReserved(JsonNode node) => node switch
    {
        JsonObject o => o.ContainsKey("$data") || o.ContainsKey("$when") || o.Any(p => p.Value is not null && ContainsReserved(p.Value)),
        JsonArray a => a.Any(i => i is not null && ContainsReserved(i)),
        _ => false,
    };

    private static bool IsWholeBinding(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var s
        && s.StartsWith("${", StringComparison.Ordinal) && s.EndsWith('}') && s.IndexOf("${", 2, StringComparison.Ordinal) < 0;
}
