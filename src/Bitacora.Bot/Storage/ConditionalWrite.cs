using Azure;
using Azure.Data.Tables;

namespace Bitacora.Bot.Storage;

/// <summary>
/// The one way to write a row that someone else may write at the same time: insert-if-absent, an ETag-guarded update,
/// and read-merge-write retried on conflict. Table storage answers 409 when an inserted row exists, 412 when the row
/// changed since its ETag was read and 404 when it is gone; every store asks these questions here.
/// </summary>
public static class ConditionalWrite
{
    /// <summary>Someone wrote first: the row existed (409) or changed since it was read (412); a transaction included.</summary>
    public static bool IsConflict(Exception e) => e is RequestFailedException { Status: 409 or 412 };

    /// <summary>An insert found the row already there (409).</summary>
    public static bool AlreadyExists(Exception e) => e is RequestFailedException { Status: 409 };

    /// <summary>An ETag-guarded update found the row changed (412).</summary>
    public static bool Changed(Exception e) => e is RequestFailedException { Status: 412 };

    /// <summary>An ETag-guarded update found the row changed (412) or deleted (404).</summary>
    public static bool ChangedOrGone(Exception e) => e is RequestFailedException { Status: 412 or 404 };

    /// <summary>Inserts <paramref name="entity"/> unless its row exists: the new ETag, or null when it was there.</summary>
    public static async Task<ETag?> TryAddAsync(TableClient table, ITableEntity entity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var added = await table.AddEntityAsync(entity, ct).ConfigureAwait(false);
            return added.Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException e) when (AlreadyExists(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Updates the row only if it still has <paramref name="expected"/> as ETag: the new ETag, or null when it changed
    /// or was deleted in between.
    /// </summary>
    public static async Task<ETag?> TryUpdateAsync(
        TableClient table, ITableEntity entity, ETag expected, TableUpdateMode mode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var updated = await table.UpdateEntityAsync(entity, expected, mode, ct).ConfigureAwait(false);
            return updated.Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException e) when (ChangedOrGone(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Submits one entity-group transaction (one partition, at most 100 actions) of conditional writes — adds and
    /// ETag-guarded updates: the new ETags in action order, or null when one action found its row existing (409),
    /// changed (412) or gone (404). Table storage applies a transaction entirely or not at all, so null means nothing
    /// was written.
    /// </summary>
    public static async Task<IReadOnlyList<ETag>?> TrySubmitAsync(
        TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var response = await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            return response.Value.Select(r => r.Headers.ETag ?? ETag.All).ToList();
        }
        catch (TableTransactionFailedException e) when (AlreadyExists(e) || ChangedOrGone(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> (which reads, merges its change into what it read and writes conditionally)
    /// until it succeeds; a conflict re-runs it after a short random pause, up to <paramref name="maxAttempts"/>
    /// times, then the last conflict is thrown. The attempt number (from 1) is passed in.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(Func<int, Task<T>> attempt, int maxAttempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt(n).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConflict(e) && n < maxAttempts)
            {
                await Backoff(n, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary><see cref="RetryOnConflictAsync{T}"/> for an attempt with no result.</summary>
    public static Task RetryOnConflictAsync(Func<int, Task> attempt, int maxAttempts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return RetryOnConflictAsync(async n =>
        {
            await attempt(n).ConfigureAwait(false);
            return true;
        }, maxAttempts, ct);
    }

    /// <summary>A short random pause so contenders spread out; not business time, so no TimeProvider.</summary>
    public static Task Backoff(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(50, 5 * attempt) + 1)), ct);
}
