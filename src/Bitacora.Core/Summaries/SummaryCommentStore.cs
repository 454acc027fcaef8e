using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Summaries;

/// <summary>The adviser's «Comentarios del/la profesional» for one informe: a draft until marked ready to send.</summary>
public sealed record SummaryComment(string PeriodKey, string Subject, string Text, bool Ready, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    public string? ETag { get; init; }
}

/// <summary>
/// Table "SummaryComments": PartitionKey = period key ("2026-1"), RowKey = subject ("unit:junji:16101001",
/// "territory:16-1", escaped) — the same subjects as the summary outbox; a point read per card and per send. Two
/// advisers write the same row: every write is conditional on the ETag the card showed (none = it must not exist yet).
/// </summary>
public sealed class SummaryCommentStore(TableClientProvider tables)
{
    public const string TableName = "SummaryComments";

    public async Task<SummaryComment?> GetAsync(string periodKey, string subject, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(periodKey), TableKeys.Escape(subject), cancellationToken: ct).ConfigureAwait(false);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new SummaryComment(periodKey, subject, e.GetString("Text") ?? "", e.GetBoolean("Ready") ?? false, e.GetString("UpdatedBy") ?? "",
            e.GetDateTimeOffset("UpdatedAt") ?? default) { ETag = e.ETag.ToString() };
    }

    /// <summary>Writes <paramref name="comment"/> if the stored row is still the one with <paramref name="expectedETag"/>; null when it is not.</summary>
    public async Task<SummaryComment?> TrySaveAsync(SummaryComment comment, string? expectedETag, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Escape(comment.PeriodKey), TableKeys.Escape(comment.Subject))
        {
            ["Text"] = comment.Text,
            ["Ready"] = comment.Ready,
            ["UpdatedBy"] = comment.UpdatedBy,
            ["UpdatedAt"] = comment.UpdatedAt,
        };
        try
        {
            var response = string.IsNullOrEmpty(expectedETag)
                ? await table.AddEntityAsync(entity, ct).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return comment with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (ConditionalWrite.IsConflict(e))
        {
            return null;
        }
    }
}
