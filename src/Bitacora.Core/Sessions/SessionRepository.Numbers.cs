using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Sessions;

/// <summary>Table "SessionCounters": PartitionKey = scope, RowKey = period, property Next — the N° allocator.</summary>
public sealed partial class SessionRepository
{
    /// <summary>Allocations of this instance, one at a time per (scope, period) stripe.</summary>
    private readonly SemaphoreSlim[] _numberStripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The counter row as this instance last wrote it (its ETag included), by scope and period.</summary>
    private readonly BoundedMap<TableEntity> _counters = new(10_000);

    /// <summary>
    /// The next N° for a scope and period: insert-if-absent, then ETag-conditional increments. Several «Crear» of one
    /// scope at once (a territory's teams starting their meetings) would all read the same counter and retry against
    /// each other — dozens of conflicting round trips each under a burst of starts. Within an instance they take turns
    /// instead, and the counter row this instance last wrote is kept, so the next allocation is one conditional write
    /// with no read; only another instance's allocation in between makes it read again (its write fails on the ETag).
    /// </summary>
    public async Task<int> AllocateNumberAsync(SessionScope scope, string period, CancellationToken cancellationToken = default)
    {
        var key = scope.Key + "|" + period;
        var stripe = _numberStripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_numberStripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AllocateAsync(scope, period, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<int> AllocateAsync(SessionScope scope, string period, string key, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(CountersTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                TableEntity counter;
                if (attempt == 1 && _counters.TryGet(key, out var known))
                {
                    counter = known;
                }
                else
                {
                    var existing = await table.GetEntityIfExistsAsync<TableEntity>(scope.Key, period, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (!existing.HasValue)
                    {
                        var first = new TableEntity(scope.Key, period) { ["Next"] = 2 };
                        var added = await table.AddEntityAsync(first, cancellationToken).ConfigureAwait(false);
                        Remember(key, first, added);
                        return 1;
                    }
                    counter = existing.Value!;
                }
                var number = counter.GetInt32("Next") ?? 1;
                var next = new TableEntity(scope.Key, period) { ["Next"] = number + 1 };
                var updated = await table.UpdateEntityAsync(next, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Remember(key, next, updated);
                return number;
            }
            catch (RequestFailedException e) when (VersionedRows.IsConcurrencyConflict(e))
            {
                // Another instance allocated meanwhile (or created the row first): read it again.
                if (attempt >= MaxAttempts) throw new ConcurrencyLimitException($"Could not allocate a session number for {scope.Key}/{period}.", e);
                await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Remember(string key, TableEntity row, Response written)
    {
        if (written.Headers.ETag is { } etag)
        {
            row.ETag = etag;
            _counters.Set(key, row);
        }
    }
}
