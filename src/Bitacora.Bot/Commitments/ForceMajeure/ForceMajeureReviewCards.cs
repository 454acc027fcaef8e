using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// The review cards a request has been sent as (one per reviewer, and again after each answer), so that when one
/// reviewer decides, asks for more or rejects, every other copy is updated in place to the outcome, without buttons:
/// nobody keeps a stale «Aprobar». Kept in "CommitmentIndex", PartitionKey "fmc_{requestId}", RowKey the escaped
/// "{conversationId}|{activityId}". The updates run after the clicker got their answer (<see cref="SharedCardUpdates"/>),
/// rendered from the request as stored then.
/// </summary>
public sealed class ForceMajeureReviewCards(TableClientProvider tables, SharedCardUpdates shared, ForceMajeureRequestStore requests,
    ForceMajeureViews views)
{
    /// <summary>Where one review card was posted.</summary>
    public sealed record CardRef(string ServiceUrl, string ConversationId, string ActivityId);

    private static string Partition(string requestId) => "fmc_" + requestId;

    private static string Row(string conversationId, string activityId) => TableKeys.Escape(conversationId + "|" + activityId);

    public async Task RecordAsync(string requestId, CardRef card, CancellationToken ct)
    {
        var index = await tables.GetAsync(CommitmentStore.IndexTableName, ct);
        await index.UpsertEntityAsync(new TableEntity(Partition(requestId), Row(card.ConversationId, card.ActivityId))
        {
            ["ServiceUrl"] = card.ServiceUrl,
            ["ConversationId"] = card.ConversationId,
            ["ActivityId"] = card.ActivityId,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<CardRef>> ListAsync(string requestId, CancellationToken ct)
    {
        var index = await tables.GetAsync(CommitmentStore.IndexTableName, ct);
        var pk = Partition(requestId);
        var result = new List<CardRef>();
        await foreach (var e in index.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct))
        {
            result.Add(new CardRef(e.GetString("ServiceUrl"), e.GetString("ConversationId"), e.GetString("ActivityId")));
        }
        return result;
    }

    /// <summary>
    /// Queues an update of every recorded review card of <paramref name="request"/> but the one the reviewer clicked
    /// (<paramref name="clickedConversationId"/> / <paramref name="clickedActivityId"/>: its invoke response replaces it).
    /// </summary>
    public async Task UpdateOthersAsync(ForceMajeureRequest request, string? clickedConversationId, string? clickedActivityId,
        CancellationToken ct)
    {
        foreach (var card in await ListAsync(request.Id, ct))
        {
            if (card.ConversationId == clickedConversationId && card.ActivityId == clickedActivityId)
            {
                continue;
            }
            shared.Enqueue(new SharedCardUpdate($"fmc:{request.Id}:{card.ConversationId}:{card.ActivityId}", card.ServiceUrl,
                card.ConversationId, card.ActivityId, async token =>
                    await requests.GetAsync(request.Unit, request.Id, token) is { } current
                        ? await views.RequestAsync(current, true, token)
                        : null,
                (posted, token) => RecordAsync(request.Id, card with { ActivityId = posted }, token)));
        }
    }
}
