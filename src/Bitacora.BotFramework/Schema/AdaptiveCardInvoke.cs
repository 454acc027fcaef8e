using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bitacora.BotFramework;

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke (Universal Actions, <c>Action.Execute</c>).</summary>
public sealed record AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }

    /// <summary><c>manual</c> or <c>automatic</c> (refresh); absent in some clients.</summary>
    public string? Trigger { get; set; }

    public JsonNode? Authentication { get; set; }
    public string? State { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AdaptiveCardInvokeAction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Verb { get; set; }
    public JsonNode? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The body answered to an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; } = 200;
    public string? Type { get; set; }
    public JsonNode? Value { get; set; }

    /// <summary>Replaces the card in place with <paramref name="card"/>.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonNode card) =>
        new() { StatusCode = 200, Type = BotContentTypes.AdaptiveCard, Value = card };

    /// <summary>Shows <paramref name="text"/> as a short message; the card stays as it is.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) =>
        new() { StatusCode = 200, Type = BotContentTypes.ActivityMessage, Value = JsonValue.Create(text) };

    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) => new()
    {
        StatusCode = statusCode,
        Type = BotContentTypes.Error,
        Value = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
