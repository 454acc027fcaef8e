using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.BotFramework;

/// <summary>Starts turns outside an inbound request (proactive messages).</summary>
public interface IBotAdapter
{
    /// <summary>Runs <paramref name="callback"/> in a turn of the referenced conversation (a continuation
    /// activity, in a fresh DI scope). Middleware does not run for these turns.</summary>
    Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback,
        CancellationToken cancellationToken);
}

/// <summary>Runs turns: middleware in DI registration order, then the <see cref="IBot"/>; failures are logged and
/// turned into answers, never let out to the host.</summary>
public sealed class BotAdapter(
    IConnectorClientFactory connectors, IServiceScopeFactory scopes, ILogger<BotAdapter> logger) : IBotAdapter
{
    /// <summary>Processes one inbound activity with the services of <paramref name="services"/> (the request scope).
    /// Returns the invoke response for invokes (501 when nobody answered), otherwise null; throws
    /// <see cref="BotTurnException"/> when a non-invoke turn failed and no <see cref="ITurnErrorHandler"/> handled it.</summary>
    public async Task<InvokeResponse?> ProcessActivityAsync(Activity activity, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var turn = new TurnContext(activity, connectors.Create(activity.ServiceUrl!), services, cancellationToken);
        var isInvoke = activity.IsType(ActivityTypes.Invoke);
        try
        {
            var bot = services.GetRequiredService<IBot>();
            var middleware = services.GetServices<ITurnMiddleware>().ToArray();
            await RunPipelineAsync(turn, middleware, 0, bot, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested || e is not OperationCanceledException)
        {
            logger.LogError(e, "Turn failed: {Type} {Name} {ActivityId} in conversation {ConversationId}",
                activity.Type, activity.Name, activity.Id, activity.Conversation?.Id);
            // Whatever the failed turn set is void; an error handler may answer the invoke (e.g. with a card).
            turn.InvokeResponse = null;
            var handled = await TellErrorHandlersAsync(turn, e, services, cancellationToken);
            if (isInvoke) return handled && turn.InvokeResponse is { } answer ? answer : new InvokeResponse(500);
            if (!handled) throw new BotTurnException(e);
        }
        return isInvoke ? turn.InvokeResponse ?? new InvokeResponse(501) : null;
    }

    public async Task ContinueConversationAsync(ConversationReference reference,
        Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentException.ThrowIfNullOrEmpty(reference.ServiceUrl, "reference.ServiceUrl");
        var activity = reference.GetContinuationActivity();
        await using var scope = scopes.CreateAsyncScope();
        var turn = new TurnContext(activity, connectors.Create(reference.ServiceUrl), scope.ServiceProvider,
            cancellationToken);
        await callback(turn, cancellationToken);
    }

    private static Task RunPipelineAsync(ITurnContext turn, ITurnMiddleware[] middleware, int index, IBot bot,
        CancellationToken cancellationToken) =>
        index < middleware.Length
            ? middleware[index].OnTurnAsync(turn, ct => RunPipelineAsync(turn, middleware, index + 1, bot, ct), cancellationToken)
            : bot.OnTurnAsync(turn, cancellationToken);

    private async Task<bool> TellErrorHandlersAsync(ITurnContext turn, Exception exception, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var handlers = services.GetServices<ITurnErrorHandler>().ToArray();
        foreach (var handler in handlers)
        {
            try
            {
                await handler.OnTurnErrorAsync(turn, exception, cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Turn error handler {Handler} failed too", handler.GetType().Name);
                return false;
            }
        }
        return handlers.Length > 0;
    }
}

/// <summary>A non-invoke turn failed and no error handler took care of it.</summary>
public sealed class BotTurnException(Exception inner) : Exception("The bot failed to process the activity.", inner);
