using System.Text.Json.Nodes;

namespace Bitacora.Bot.Cards;

/// <summary>
/// Every Action.Execute of our cards gets an Action.Submit fallback with the same title and data, so clients
/// without Universal Actions still reach the same handler (the data always carries the verb).
/// </summary>
public static class UniversalActions
{
    public static JsonObject WithSubmitFallbacks(JsonObject card)
    {
        Visit(card);
        return card;
    }

    private static void Visit(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && obj["type"]!.GetValue<string>() == "Action.Execute" && obj["fallback"] is null)
                {
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
                foreach (var (_, child) in obj.ToList())
                {
                    Visit(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child);
                }
                break;
        }
    }
}
