using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// Remembers which inbound activity ids were handled, so a Teams retry of the same activity (same id) is processed
/// once. Table "ProcessedActivities": PartitionKey = escaped activity id (spreads load, every check is a point
/// operation), RowKey "". The insert itself is the check: it fails with 409 when the id was already claimed, so two
/// instances receiving the same retry at once cannot both win.
/// </summary>
public sealed class ProcessedActivityStore(TableClientProvider tables, TimeProvider time)
{
    public const string TableName = "ProcessedActivities";

    /// <summary>True the first time an activity id is seen (the caller processes it); false for a repeat.</summary>
    public async Task<bool> TryBeginAsync(string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(TableKeys.Escape(activityId), "")
            {
                ["ProcessedAt"] = time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Releases a claim when processing failed before any effect, so the channel's retry can run it.</summary>
    public async Task ForgetAsync(string activityId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Escape(activityId), "", ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
