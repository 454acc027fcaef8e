using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Sessions;

/// <summary>Table "SessionCounters": PartitionKey = scope, RowKey = period, property Next — the N° allocator.</summary>
public sealed partial class SessionRepository
{
    /// <summary>The next N° for a scope and period: insert-if-absent, then ETag-conditional increments with retry.</summary>
    public async Task<int> AllocateNumberAsync(SessionScope scope, string period, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(CountersTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(scope.Key, period, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(scope.Key, period) { ["Next"] = 2 }, cancellationToken).ConfigureAwait(false);
                    return 1;
                }
                var counter = existing.Value!;
                var number = counter.GetInt32("Next") ?? 1;
                counter["Next"] = number + 1;
                await table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return number;
            }
            catch (RequestFailedException e) when (VersionedRows.IsConcurrencyConflict(e))
            {
                if (attempt >= MaxAttempts) throw new ConcurrencyLimitException($"Could not allocate a session number for {scope.Key}/{period}.", e);
                await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
