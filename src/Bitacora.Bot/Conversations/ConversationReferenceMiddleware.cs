using Bitacora.BotFramework;

namespace Bitacora.Bot.Conversations;

/// <summary>
/// Remembers where every inbound activity came from, so reminders can reach people later. The rows are written right
/// after the turn's answer (<see cref="ConversationReferenceStore.RecordAfterAnswerAsync"/>): nothing the answer shows
/// needs them, and a first contact's answer no longer waits for two writes.
/// </summary>
public sealed class ConversationReferenceMiddleware(ConversationReferenceStore store, ILogger<ConversationReferenceMiddleware> logger)
    : ITurnMiddleware
{
    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        try
        {
            await store.RecordAfterAnswerAsync(turn.Activity);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Answering the person matters more than refreshing an address we most likely already have.
            logger.LogWarning(e, "Could not record the conversation reference of {ConversationId}", turn.Activity.Conversation?.Id);
        }
        await next(cancellationToken);
    }
}
