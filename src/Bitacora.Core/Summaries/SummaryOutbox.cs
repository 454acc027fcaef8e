using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Summaries;

public enum SummaryDeliveryState
{
    Sending,
    Sent,
}

/// <summary>
/// "Was this summary sent to this person?" — table "SummaryOutbox", PartitionKey = period key ("2026-1"), RowKey =
/// escaped "{subject}|{recipient}" (subject "unit:rbd:41201" or "territory:16-1"), so a run reads and writes one
/// partition. Protocol: insert-if-absent a "Sending" row BEFORE sending (an existing row of any state means
/// someone already sent or is sending: skip); mark "Sent" after the connector answered; delete the row when the send
/// failed so the next run retries.
/// Crash window: a process that dies after the connector delivered but before the row is marked Sent leaves a
/// "Sending" row; it is never resent automatically (at most once — a duplicate institutional report is worse than a
/// missing one, which the row makes visible and an administrator can resend by deleting it).
/// </summary>
public sealed class SummaryOutbox(TableClientProvider tables, TimeProvider time)
{
    public const string TableName = "SummaryOutbox";

    private static string Row(string subject, string recipient) => TableKeys.Escape(subject + "|" + recipient);

    /// <summary>True when this call claimed the (period, subject, recipient) delivery; false when a row already existed.</summary>
    public async Task<bool> TryClaimAsync(string period, string subject, string recipient, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(period, Row(subject, recipient))
            {
                ["Subject"] = subject,
                ["Recipient"] = recipient,
                ["State"] = nameof(SummaryDeliveryState.Sending),
                ["ClaimedAt"] = time.GetUtcNow(),
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (ConditionalWrite.AlreadyExists(e))
        {
            return false;
        }
    }

    public async Task MarkSentAsync(string period, string subject, string recipient, string? activityId, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        await table.UpdateEntityAsync(new TableEntity(period, Row(subject, recipient))
        {
            ["State"] = nameof(SummaryDeliveryState.Sent),
            ["SentAt"] = time.GetUtcNow(),
            ["ActivityId"] = activityId,
        }, ETag.All, TableUpdateMode.Merge, ct);
    }

    public async Task ReleaseAsync(string period, string subject, string recipient, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        await table.DeleteEntityAsync(period, Row(subject, recipient), ETag.All, ct);
    }

    public async Task<SummaryDeliveryState?> GetStateAsync(string period, string subject, string recipient, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(period, Row(subject, recipient), cancellationToken: ct);
        return row.HasValue ? Enum.Parse<SummaryDeliveryState>(row.Value!.GetString("State")) : null;
    }
}
