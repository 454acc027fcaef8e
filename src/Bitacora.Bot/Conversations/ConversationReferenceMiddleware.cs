using Bitacora.BotFramework;

namespace Bitacora.Bot.Conversations;

/// <summary>Remembers where every inbound activity came from, so reminders can reach people later.</summary>
public sealed class ConversationReferenceMiddleware(ConversationReferenceStore store, ILogger<ConversationReferenceMiddleware> logger)
    : ITurnMiddleware
{
    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        try
        {
            await store.RecordAsync(turn.Activity, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Answering the person matters more than refreshing an address we most likely already have.
            logger.LogWarning(e, "Could not record the conversation reference of {ConversationId}", turn.Activity.Conversation?.Id);
        }
        await next(cancellationToken);
    }
}
