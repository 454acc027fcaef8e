using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A button on one of the bot's cards. Every action's data carries {"verb": "..."}; the same handler serves a
/// Universal Action (Action.Execute → invoke) and its Action.Submit fallback (→ message with a value).
/// </summary>
public interface ICardAction
{
    string Verb { get; }

    /// <summary>
    /// Who may click it, on which object's scope, and whether the card must carry the version it showed (README
    /// "Security" → "Authorization model"). The router enforces it before <see cref="HandleAsync"/> runs.
    /// </summary>
    AccessRule Rule { get; }

    Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken);
}

/// <param name="Data">The inputs of the card merged with the action's data.</param>
/// <param name="CardActivityId">The id of the message that holds the card (to update it in place), when known.</param>
public sealed record CardActionContext(ITurnContext Turn, string Verb, JsonObject Data, string? CardActivityId)
{
    /// <summary>What the router checked: the sender, the scope, the object found and the version the card showed.</summary>
    public VerbAccess Access { get; init; } = VerbAccess.Unchecked;

    public string? GetString(string name) => CardActionData.Read(Data, name);
}

/// <summary>
/// A card action as the activity carries it — the verb and the data of an <c>adaptiveCard/action</c> invoke
/// (<c>value.action</c>; the verb from the action, else from its data), or the value of an <c>Action.Submit</c>
/// fallback (a message with no text): the one reading of both, for the bot's dispatch and for reads started ahead.
/// </summary>
public sealed record CardActionData(string? Verb, JsonObject Data)
{
    /// <summary>The card action of <paramref name="activity"/>, or null when it carries none.</summary>
    public static CardActionData? Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.IsType(ActivityTypes.Invoke)
            && string.Equals(activity.Name, ActivityHandler.AdaptiveCardActionInvokeName, StringComparison.OrdinalIgnoreCase)
            && activity.Value?["action"] is JsonObject action)
        {
            var data = action["data"] as JsonObject ?? new JsonObject();
            return new(Read(action, "verb") ?? Read(data, "verb"), data);
        }
        return activity.IsType(ActivityTypes.Message) && string.IsNullOrWhiteSpace(activity.TextWithoutMentions()) && activity.Value is JsonObject submitted
            ? new(Read(submitted, "verb"), submitted)
            : null;
    }

    public string? GetString(string name) => Read(Data, name);

    internal static string? Read(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : data[name]?.ToString();
}

/// <summary>What happens to the card after the action.</summary>
public abstract record CardActionResult
{
    private CardActionResult() { }

    /// <summary>The card is replaced in place, for everyone in the conversation.</summary>
    public sealed record ReplaceCard(JsonObject Card) : CardActionResult;

    /// <summary>
    /// Only the person who clicked sees <paramref name="Card"/> (the invoke response of an Action.Execute); what everyone
    /// else sees does not change, so nobody's unsaved typing is replaced. Clients without Universal Actions (the
    /// Action.Submit fallback) get it as a new message.
    /// </summary>
    /// <param name="PostForSubmit">False when the fallback should post nothing (e.g. a save whose progress everyone
    /// already sees elsewhere): a new message per click would flood the chat.</param>
    public sealed record ShowCard(JsonObject Card, bool PostForSubmit = true) : CardActionResult;

    /// <summary>The card stays; a short message is shown to the person who clicked.</summary>
    public sealed record Message(string Text) : CardActionResult;

    /// <summary>The action was refused (bad input, stale card, not allowed): the card stays, the reason is shown.</summary>
    public sealed record Refused(string Text) : CardActionResult;

    /// <summary>Nothing more to show: the handler already sent what it wanted.</summary>
    public sealed record Handled : CardActionResult;
}
