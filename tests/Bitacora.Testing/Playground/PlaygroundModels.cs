using System.Text.Json.Nodes;

namespace Bitacora.Testing.Playground;

public sealed record PlaygroundAccount(string Id, string Name, string? AadObjectId);

public sealed record PlaygroundConversation(string Id, string Name);

public sealed record PlaygroundTeam(string Id, string Name, IReadOnlyList<PlaygroundConversation> Channels);

/// <summary>The Playground's mock tenant (GET /_internal/v1/config): ids to address users and conversations.</summary>
public sealed record PlaygroundConfig(
    string TenantId,
    PlaygroundAccount Bot,
    PlaygroundAccount CurrentUser,
    IReadOnlyList<PlaygroundAccount> Users,
    PlaygroundConversation PersonalChat,
    IReadOnlyList<PlaygroundConversation> GroupChats,
    IReadOnlyList<PlaygroundTeam> Teams)
{
    /// <summary>The first group chat ("Group Chat").</summary>
    public PlaygroundConversation GroupChat => GroupChats[0];

    /// <summary>The first team's first channel ("My Team - General"; its id is the team id, e.g. "team-id").</summary>
    public PlaygroundConversation TeamChannel => Teams[0].Channels[0];

    internal static PlaygroundConfig Parse(JsonNode root)
    {
        var c = root["config"] ?? throw new FormatException("No 'config' in " + root.ToJsonString());
        return new PlaygroundConfig(
            Str(c["tenantId"]),
            Account(c["bot"]),
            Account(c["currentUser"]),
            [.. (c["users"]?.AsArray() ?? []).Select(Account)],
            Conversation(c["personalChat"]),
            [.. (c["groupChats"]?.AsArray() ?? []).Select(Conversation)],
            [.. (c["teams"]?.AsArray() ?? []).Select(t => new PlaygroundTeam(Str(t?["id"]), Str(t?["name"]),
                [.. (t?["channels"]?.AsArray() ?? []).Select(Conversation)]))]);
    }

    private static string Str(JsonNode? n) => n?.GetValue<string>() ?? "";

    private static PlaygroundAccount Account(JsonNode? n) =>
        new(Str(n?["id"]), Str(n?["name"]), n?["aadObjectId"]?.GetValue<string>());

    private static PlaygroundConversation Conversation(JsonNode? n) => new(Str(n?["id"]), Str(n?["name"]));
}

/// <summary>A user message the Playground accepted. In a channel, <see cref="ConversationId"/> is the new thread
/// ("team-id;messageid=…") where the bot's replies appear.</summary>
public sealed record SentMessage(string MessageId, string ConversationId);

/// <summary>The bot's synchronous answer to an invoke, as the Playground returns it (statusCode is not passed on).</summary>
public sealed record InvokeResponse(string? Type, JsonNode? Value)
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public bool IsCard => Type == AdaptiveCardType;

    /// <summary>All texts of the returned card (or the banner message), for assertions.</summary>
    public string AllText => Type == MessageType ? Value?.GetValue<string>() ?? "" : BotMessage.CollectText(Value);
}

/// <summary>
/// One message the bot sent, as pushed to the Playground UI over its conversation WebSocket
/// (action "createMessage" or "updateMessage"). Note: the Playground splits one activity carrying text and
/// attachments into several messages (text first, then one per attachment, ids "&lt;id&gt;-&lt;suffix&gt;").
/// </summary>
public sealed record BotMessage(string Action, string ConversationId, string MessageId, string? Text, JsonObject Raw)
{
    public const string CreateAction = "createMessage";
    public const string UpdateAction = "updateMessage";
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public bool IsUpdate => Action == UpdateAction;

    public JsonArray Attachments => Raw["message"]?["attachments"] as JsonArray ?? [];

    /// <summary>The Adaptive Cards attached (their content).</summary>
    public IReadOnlyList<JsonObject> AdaptiveCards =>
    [
        .. Attachments.OfType<JsonObject>()
            .Where(a => a["contentType"]?.GetValue<string>() == AdaptiveCardContentType)
            .Select(a => a["content"]).OfType<JsonObject>(),
    ];

    public bool HasAdaptiveCard => AdaptiveCards.Count > 0;

    /// <summary>The text plus every text, title, label and value string in the attached cards.</summary>
    public string AllText => string.Join("\n", new[] { Text ?? "" }.Concat(Attachments.Select(a => CollectText(a?["content"]))))
        .Trim();

    /// <summary>True if the message belongs to the conversation (or, for a channel, to a thread of it).</summary>
    public bool IsIn(string conversationId) =>
        ConversationId == conversationId || ConversationId.StartsWith(conversationId + ";", StringComparison.Ordinal);

    public bool Contains(string text) => AllText.Contains(text, StringComparison.OrdinalIgnoreCase);

    public override string ToString()
    {
        var text = AllText.Replace("\n", " | ", StringComparison.Ordinal);
        if (text.Length > 300)
        {
            text = text[..300] + "…";
        }
        return $"[{Action} {ConversationId} #{MessageId}{(HasAdaptiveCard ? " card" : "")}] {text}";
    }

    internal static BotMessage? TryParse(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject root || root["message"] is not JsonObject message)
        {
            return null;
        }
        return new BotMessage(
            root["action"]?.GetValue<string>() ?? "",
            root["actionConversationId"]?.GetValue<string>() ?? "",
            message["messageId"]?.ToString() ?? "",
            message["text"]?.GetValue<string>(),
            root);
    }

    internal static string CollectText(JsonNode? node)
    {
        var parts = new List<string>();
        Walk(node, parts);
        return string.Join("\n", parts);

        static void Walk(JsonNode? n, List<string> parts)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var s) &&
                            key is "text" or "title" or "label" or "value" or "placeholder" or "fallbackText" or "altText")
                        {
                            parts.Add(s);
                        }
                        else
                        {
                            Walk(value, parts);
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item, parts);
                    }
                    break;
            }
        }
    }
}

public sealed class PlaygroundApiException(string message) : Exception(message);
