using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Teams retries a delivery it believes failed, with the same activity id. Messages and invokes are claimed by id
/// (insert-if-absent in Table Storage, shared by all instances) and a second delivery is acknowledged without
/// running the turn again, so an answer is never recorded twice.
/// </summary>
public sealed class DuplicateActivityMiddleware(
    TableClientProvider tables, TimeProvider time, TextCatalog texts, ILogger<DuplicateActivityMiddleware> logger)
    : ITurnMiddleware
{
    private const string TableName = "ProcessedActivities";

    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var worthClaiming = activity.IsType(ActivityTypes.Message) || activity.IsType(ActivityTypes.Invoke);
        if (!worthClaiming || activity.Id is not { Length: > 0 } id || activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            await next(cancellationToken);
            return;
        }

        var table = await tables.GetAsync(TableName, cancellationToken);
        var claim = new TableEntity(TableKeys.Escape(conversationId), TableKeys.Escape(id));
        try
        {
            await table.AddEntityAsync(new TableEntity(claim.PartitionKey, claim.RowKey)
            {
                ["At"] = time.GetUtcNow(),
                ["Type"] = activity.Type,
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            logger.LogInformation("Activity {ActivityId} in {ConversationId} was already processed; ignoring the retry", id, conversationId);
            if (activity.IsType(ActivityTypes.Invoke))
            {
                turn.InvokeResponse = new InvokeResponse(200, AdaptiveCardInvokeResponse.Message(texts[TextKeys.Done]));
            }
            return;
        }

        try
        {
            await next(cancellationToken);
        }
        catch
        {
            // The turn did not complete: let Teams' retry run it rather than swallow it as a duplicate.
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, cancellationToken: CancellationToken.None);
            throw;
        }
    }
}
