using Bitacora.Bot.Storage;
using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Bitacora.Bot.Sessions;

/// <summary>How a history-keeping write ended.</summary>
internal sealed record VersionedWrite(TableEntity Current, VersionedWriteOutcome Outcome, int Attempts);

public enum VersionedWriteOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>
/// A "current value + every previous value" pair of rows in one partition (answers, rubric scores). The previous value
/// is copied to a history row and the current row replaced in ONE entity-group transaction, conditional on the current
/// row's ETag; a concurrent writer makes the transaction fail as a whole (409/412) and we re-read and retry, so no write
/// and no previous value is ever lost.
/// </summary>
internal static class VersionedRows
{
    public const string RevisionProperty = "Revision";

    /// <param name="build">Given the current row (null if none), the new current row's properties, or null to leave it unchanged.</param>
    /// <param name="toHistory">Given the replaced row, its history row (keys included) with who/when replaced it.</param>
    public static async Task<VersionedWrite> WriteAsync(
        TableClient table,
        string partitionKey,
        string currentRowKey,
        Func<TableEntity?, TableEntity?> build,
        Func<TableEntity, int, TableEntity> toHistory,
        int maxAttempts,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, currentRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var current = existing.HasValue ? existing.Value : null;
            var next = build(current);
            if (next is null)
            {
                return new VersionedWrite(current!, VersionedWriteOutcome.Unchanged, attempt);
            }
            next.PartitionKey = partitionKey;
            next.RowKey = currentRowKey;
            try
            {
                if (current is null)
                {
                    next[RevisionProperty] = 1;
                    var added = await table.AddEntityAsync(next, cancellationToken).ConfigureAwait(false);
                    next.ETag = added.Headers.ETag ?? default;
                    return new VersionedWrite(next, VersionedWriteOutcome.Created, attempt);
                }
                var revision = current.GetInt32(RevisionProperty) ?? 1;
                next[RevisionProperty] = revision + 1;
                var history = toHistory(current, revision);
                history.PartitionKey = partitionKey;
                history.ETag = default;
                history.Remove("Timestamp");
                history.Remove("odata.etag");
                var responses = await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, history),
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, current.ETag),
                ], cancellationToken).ConfigureAwait(false);
                next.ETag = responses.Value[1].Headers.ETag ?? default;
                return new VersionedWrite(next, VersionedWriteOutcome.Updated, attempt);
            }
            catch (Exception e) when (IsConcurrencyConflict(e) && attempt < maxAttempts)
            {
                // Someone wrote first: read their value and apply our change on top of it.
                await Backoff(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConcurrencyConflict(e))
            {
                throw new ConcurrencyLimitException(
                    $"Gave up writing {partitionKey}/{currentRowKey} after {attempt} conflicting attempts.", e);
            }
        }
    }

    internal static bool IsConcurrencyConflict(Exception e) => ConditionalWrite.IsConflict(e);

    internal static Task Backoff(int attempt, CancellationToken cancellationToken) => ConditionalWrite.Backoff(attempt, cancellationToken);

    public static string Revision(int revision) => revision.ToString("D6", CultureInfo.InvariantCulture);
}

/// <summary>A write kept conflicting with concurrent writes beyond the configured attempts.</summary>
public sealed class ConcurrencyLimitException(string message, Exception inner) : Exception(message, inner);
