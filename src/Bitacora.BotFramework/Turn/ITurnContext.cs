namespace Bitacora.BotFramework;

/// <summary>One turn: the inbound activity and the ways to answer it. Feature code never touches HTTP.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>The connector for the activity's serviceUrl.</summary>
    IConnectorClient Connector { get; }

    CancellationToken CancellationToken { get; }

    /// <summary>Services of the turn (the request scope, or a scope created for a proactive turn).</summary>
    IServiceProvider Services { get; }

    /// <summary>Per-turn values shared between middleware and the bot.</summary>
    IDictionary<object, object?> Items { get; }

    /// <summary>True once something was sent (or an invoke response set) in this turn.</summary>
    bool Responded { get; }

    /// <summary>The answer to an <c>invoke</c>; set it (or send an activity of type <c>invokeResponse</c>).</summary>
    InvokeResponse? InvokeResponse { get; set; }

    /// <summary>Sends <paramref name="activity"/> to the conversation, filling conversation, from, recipient,
    /// serviceUrl, channelId and replyToId from the inbound activity where they are not set.</summary>
    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    /// <summary>Replaces a sent activity (its <see cref="Activity.Id"/> must be set).</summary>
    Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default);
}

public static class TurnContextExtensions
{
    public static Task<ResourceResponse> SendTextAsync(this ITurnContext turn, string text,
        CancellationToken cancellationToken = default) =>
        turn.SendActivityAsync(Activity.CreateMessage(text), cancellationToken);
}

/// <summary>The bot: one call per turn.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken);
}

/// <summary>Runs before the bot for every inbound activity, in DI registration order; call <c>next</c> to go on.</summary>
public interface ITurnMiddleware
{
    Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken);
}

/// <summary>Optional: told when a turn fails (e.g. to send the user an apology). When one is registered, a failed
/// non-invoke turn is answered 200 to the channel (the error is handled); otherwise 500. Invokes always get 500.</summary>
public interface ITurnErrorHandler
{
    Task OnTurnErrorAsync(ITurnContext turn, Exception exception, CancellationToken cancellationToken);
}
