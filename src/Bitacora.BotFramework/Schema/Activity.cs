using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bitacora.BotFramework;

/// <summary>Activity types of the Bot Framework schema. Others may arrive: they are accepted and ignored.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string EndOfConversation = "endOfConversation";

    /// <summary>Types this library understands; these must carry serviceUrl and conversation.id.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Message, ConversationUpdate, InstallationUpdate, Invoke, Typing, Event, MessageReaction, MessageUpdate,
        MessageDelete, EndOfConversation,
    };
}

/// <summary>Content types and names that have a meaning in the protocol.</summary>
public static class BotContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary>A Bot Framework activity. Properties this type does not model are kept in <see cref="ExtensionData"/>
/// and written back unchanged.</summary>
public sealed record Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public JsonNode? Value { get; set; }
    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>A plain message with <paramref name="text"/>.</summary>
    public static Activity CreateMessage(string? text, string textFormat = "plain") =>
        new() { Type = ActivityTypes.Message, Text = text, TextFormat = text is null ? null : textFormat };

    /// <summary>A message carrying one Adaptive Card attachment.</summary>
    public static Activity CreateCard(JsonNode card, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = [new Attachment { ContentType = BotContentTypes.AdaptiveCard, Content = card }],
    };

    /// <summary>A typing indicator.</summary>
    public static Activity CreateTyping() => new() { Type = ActivityTypes.Typing };

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);
}

public sealed record ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public bool? IsGroup { get; set; }
    public string? TenantId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonNode? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An entity of an activity: a type plus free-form properties (mention, clientInfo, …).</summary>
public sealed record Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Reads this entity as <typeparamref name="T"/> (e.g. <see cref="Mention"/>).</summary>
    public T? As<T>() => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(this, BotJson.Options), BotJson.Options);

    public static Entity From<T>(T value) =>
        JsonSerializer.Deserialize<Entity>(JsonSerializer.Serialize(value, BotJson.Options), BotJson.Options)!;
}

/// <summary>The <c>mention</c> entity: who is mentioned and the <c>&lt;at&gt;…&lt;/at&gt;</c> text that marks it.</summary>
public sealed record Mention
{
    public string Type { get; set; } = "mention";
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}

/// <summary>The id the channel gives to something the bot sent.</summary>
public sealed record ResourceResponse(string? Id);

public sealed record ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>Body of <c>POST /v3/conversations</c>.</summary>
public sealed record ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonNode? ChannelData { get; set; }

    /// <summary>A 1:1 (personal) conversation between the bot and one user of a tenant, as Teams expects it.</summary>
    public static ConversationParameters OneOnOne(ChannelAccount? bot, string userId, string tenantId) => new()
    {
        IsGroup = false,
        Bot = bot,
        Members = [new ChannelAccount { Id = userId }],
        TenantId = tenantId,
        ChannelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
    };
}

/// <summary>
/// A conversation member as Teams describes it (<c>GET /v3/conversations/{id}/members[/{memberId}]</c> and
/// <c>…/pagedmembers</c>). Teams sends the Entra object id as <c>objectId</c> there (an activity's <c>from</c> calls it
/// <c>aadObjectId</c>); read it through <see cref="EntraObjectId"/>. Regular users may come without <c>name</c>, only
/// <c>givenName</c>/<c>surname</c>; read the display name through <see cref="DisplayName"/>.
/// </summary>
public sealed record TeamsChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }

    /// <summary>The Entra object id under the name the members API uses.</summary>
    public string? ObjectId { get; set; }
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
    public string? UserRole { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The Entra object id, whichever of <c>objectId</c> / <c>aadObjectId</c> the channel sent; null if neither.</summary>
    [JsonIgnore]
    public string? EntraObjectId => !string.IsNullOrWhiteSpace(ObjectId) ? ObjectId : string.IsNullOrWhiteSpace(AadObjectId) ? null : AadObjectId;

    /// <summary><c>name</c>, else "givenName surname", else the email/UPN; null for an account with none of them.</summary>
    [JsonIgnore]
    public string? DisplayName =>
        !string.IsNullOrWhiteSpace(Name) ? Name
        : string.Join(' ', new[] { GivenName, Surname }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } full ? full
        : !string.IsNullOrWhiteSpace(Email) ? Email
        : string.IsNullOrWhiteSpace(UserPrincipalName) ? null : UserPrincipalName;

    /// <summary>An anonymous meeting guest (<c>userRole</c> "anonymous"): no Entra identity, cannot be made responsible.</summary>
    [JsonIgnore]
    public bool IsAnonymous => string.Equals(UserRole, "anonymous", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One page of <c>GET /v3/conversations/{id}/pagedmembers</c>; <see cref="ContinuationToken"/> is null on the last.</summary>
public sealed record PagedMembersResult
{
    public string? ContinuationToken { get; set; }
    public List<TeamsChannelAccount> Members { get; set; } = [];
}

/// <summary>Where a conversation can be reached again later (proactive messages).</summary>
public sealed record ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Locale { get; set; }

    /// <summary>The activity a proactive turn starts with (type <c>event</c>, name <c>ContinueConversation</c>).</summary>
    public Activity GetContinuationActivity() => new()
    {
        Type = ActivityTypes.Event,
        Name = "ContinueConversation",
        Id = Guid.NewGuid().ToString(),
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = Conversation,
        Recipient = Bot,
        From = User,
        Locale = Locale,
        RelatesTo = this,
    };
}

/// <summary>The HTTP answer to an <c>invoke</c> activity.</summary>
public sealed record InvokeResponse(int Status, object? Body = null);
