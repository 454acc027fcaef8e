using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bitacora.BotFramework;

public static partial class ActivityExtensions
{
    /// <summary>The Teams channelData of the activity, or an empty one when absent or not an object.</summary>
    public static TeamsChannelData GetTeamsChannelData(this Activity activity)
    {
        if (activity.ChannelData is not JsonObject data) return new TeamsChannelData();
        try
        {
            return data.Deserialize<TeamsChannelData>(BotJson.Options) ?? new TeamsChannelData();
        }
        catch (JsonException)
        {
            return new TeamsChannelData();
        }
    }

    /// <summary>The mention entities of the activity.</summary>
    public static IEnumerable<Mention> GetMentions(this Activity activity) =>
        (activity.Entities ?? [])
            .Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.As<Mention>())
            .OfType<Mention>();

    /// <summary>The text without the <c>&lt;at&gt;…&lt;/at&gt;</c> mention of the recipient (the bot), trimmed;
    /// group chats and channels deliver commands with it. Other people's mentions stay.</summary>
    public static string TextWithoutMentions(this Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        foreach (var mentionText in RecipientMentionTexts(activity))
        {
            text = text.Replace(mentionText, " ", StringComparison.OrdinalIgnoreCase);
        }
        // Teams sometimes separates the mention with a non-breaking space, raw or as an HTML entity.
        text = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase).Replace('\u00A0', ' ');
        return CollapseSpaces().Replace(text, " ").Trim();
    }

    /// <summary>Strips the recipient's mention from <see cref="Activity.Text"/> and removes its mention entity.</summary>
    public static Activity RemoveRecipientMention(this Activity activity)
    {
        activity.Text = activity.TextWithoutMentions();
        var recipientId = activity.Recipient?.Id;
        activity.Entities?.RemoveAll(e =>
            string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)
            && e.As<Mention>()?.Mentioned?.Id is { } id && id == recipientId);
        return activity;
    }

    private static IEnumerable<string> RecipientMentionTexts(Activity activity)
    {
        var recipient = activity.Recipient;
        if (recipient is null) yield break;
        foreach (var mention in activity.GetMentions())
        {
            if (mention.Mentioned?.Id == recipient.Id && !string.IsNullOrEmpty(mention.Text))
                yield return mention.Text;
        }
        // Some clients omit the entity; the recipient's display name is the other reliable marker.
        if (!string.IsNullOrEmpty(recipient.Name)) yield return $"<at>{recipient.Name}</at>";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex CollapseSpaces();

    /// <summary>Where to reach this conversation again (user = sender, bot = recipient).</summary>
    public static ConversationReference GetConversationReference(this Activity activity) => new()
    {
        ActivityId = activity.IsType(ActivityTypes.ConversationUpdate) ? null : activity.Id,
        User = activity.From,
        Bot = activity.Recipient,
        Conversation = activity.Conversation,
        ChannelId = activity.ChannelId,
        ServiceUrl = activity.ServiceUrl,
        Locale = activity.Locale,
    };

    /// <summary>A message replying to <paramref name="activity"/> in the same conversation.</summary>
    public static Activity CreateReply(this Activity activity, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = activity.Recipient,
        Recipient = activity.From,
        Conversation = activity.Conversation,
        ServiceUrl = activity.ServiceUrl,
        ChannelId = activity.ChannelId,
        ReplyToId = activity.Id,
        Locale = activity.Locale,
    };

    /// <summary>Reads <see cref="Activity.Value"/> as <typeparamref name="T"/>; null when absent or of another shape.</summary>
    public static T? GetValue<T>(this Activity activity) where T : class
    {
        if (activity.Value is null) return null;
        try
        {
            return activity.Value.Deserialize<T>(BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
