using System.Text.Json;

namespace Bitacora.BotFramework;

/// <summary>Thrown inside an invoke handler to answer with a given status (e.g. 501 for an unhandled invoke).</summary>
public sealed class InvokeResponseException(int statusCode, object? body = null)
    : Exception($"Invoke answered with status {statusCode}.")
{
    public int StatusCode { get; } = statusCode;
    public object? Body { get; } = body;

    public InvokeResponse CreateInvokeResponse() => new(StatusCode, Body);
}

/// <summary>Dispatches a turn by activity type, shaped like the official SDK's ActivityHandler: override what you need.</summary>
public abstract class ActivityHandler : IBot
{
    public const string AdaptiveCardActionInvokeName = "adaptiveCard/action";

    public virtual Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var type = turn.Activity.Type;
        return type switch
        {
            _ when Is(type, ActivityTypes.Message) => OnMessageActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.ConversationUpdate) => OnConversationUpdateActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.InstallationUpdate) => OnInstallationUpdateActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.Invoke) => HandleInvokeAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.Event) => OnEventActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.Typing) => OnTypingActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.MessageReaction) => OnMessageReactionActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.MessageUpdate) => OnMessageUpdateActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.MessageDelete) => OnMessageDeleteActivityAsync(turn, cancellationToken),
            _ when Is(type, ActivityTypes.EndOfConversation) => OnEndOfConversationActivityAsync(turn, cancellationToken),
            _ => OnUnrecognizedActivityTypeAsync(turn, cancellationToken),
        };
    }

    protected virtual Task OnMessageActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual async Task OnConversationUpdateActivityAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        // Unlike the official SDK, the bot itself is included in (and can trigger) OnMembersAddedAsync, so a
        // welcome can be posted when the bot is added to a team: compare member.Id with turn.Activity.Recipient.Id.
        // A JSON null among the members (or a member without id) is no member: handlers never see one.
        if (Members(turn.Activity.MembersAdded) is { Count: > 0 } added)
            await OnMembersAddedAsync(added, turn, cancellationToken);
        if (Members(turn.Activity.MembersRemoved) is { Count: > 0 } removed)
            await OnMembersRemovedAsync(removed, turn, cancellationToken);
    }

    private static List<ChannelAccount>? Members(List<ChannelAccount>? members) =>
        members?.Where(m => m is not null && !string.IsNullOrEmpty(m.Id)).ToList();

    protected virtual Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, ITurnContext turn,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, ITurnContext turn,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateActivityAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        turn.Activity.Action?.ToLowerInvariant() switch
        {
            "add" or "add-upgrade" => OnInstallationUpdateAddAsync(turn, cancellationToken),
            "remove" or "remove-upgrade" => OnInstallationUpdateRemoveAsync(turn, cancellationToken),
            _ => Task.CompletedTask,
        };

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnInstallationUpdateRemoveAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private async Task HandleInvokeAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            turn.InvokeResponse = await OnInvokeActivityAsync(turn, cancellationToken);
        }
        catch (InvokeResponseException e)
        {
            turn.InvokeResponse = e.CreateInvokeResponse();
        }
    }

    /// <summary>Answers an invoke. <c>adaptiveCard/action</c> goes to <see cref="OnAdaptiveCardInvokeAsync"/>;
    /// any other name is answered 501 Not Implemented.</summary>
    protected virtual async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (!string.Equals(turn.Activity.Name, AdaptiveCardActionInvokeName, StringComparison.OrdinalIgnoreCase))
            throw new InvokeResponseException(501);

        AdaptiveCardInvokeValue? value;
        try
        {
            value = turn.Activity.Value?.Deserialize<AdaptiveCardInvokeValue>(BotJson.Options);
        }
        catch (JsonException)
        {
            value = null;
        }
        if (value?.Action is null)
        {
            var error = AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing value.action for adaptiveCard/action.");
            return new InvokeResponse(400, error);
        }
        var cardResponse = await OnAdaptiveCardInvokeAsync(turn, value, cancellationToken);
        return new InvokeResponse(200, cardResponse);
    }

    /// <summary>An <c>Action.Execute</c> of an Adaptive Card. Not overridden → 501.</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turn,
        AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    protected virtual Task OnEventActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task OnTypingActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task OnMessageReactionActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task OnMessageUpdateActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task OnMessageDeleteActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task OnEndOfConversationActivityAsync(ITurnContext turn, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Activity types this class does not know: ignored by default.</summary>
    protected virtual Task OnUnrecognizedActivityTypeAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private static bool Is(string? type, string expected) => string.Equals(type, expected, StringComparison.OrdinalIgnoreCase);
}
