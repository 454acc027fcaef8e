using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>When a turn fails, the person gets a Spanish apology instead of silence; the details go to the log.</summary>
public sealed class SpanishTurnErrorHandler(TextCatalog texts, ILogger<SpanishTurnErrorHandler> logger) : ITurnErrorHandler
{
    public async Task OnTurnErrorAsync(ITurnContext turn, Exception exception, CancellationToken cancellationToken)
    {
        logger.LogError(exception, "Turn failed for {Type} {ActivityId} in {ConversationId}",
            turn.Activity.Type, turn.Activity.Id, turn.Activity.Conversation?.Id);
        if (turn.Activity.IsType(ActivityTypes.Message))
        {
            try
            {
                await turn.SendTextAsync(texts[TextKeys.Unexpected], cancellationToken);
            }
            catch (Exception sendFailure) when (sendFailure is not OperationCanceledException)
            {
                logger.LogWarning(sendFailure, "Could not send the apology either");
            }
        }
    }
}
