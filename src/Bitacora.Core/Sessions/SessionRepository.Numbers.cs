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
            if (await TryAllocateAsync(table, scope, period, key, attempt == 1, cancellationToken).ConfigureAwait(false) is { } number) return number;
            // Another instance allocated meanwhile (or created the row first): read it again.
            if (attempt >= MaxAttempts)
            {
                throw new ConcurrencyLimitException($"Could not allocate a session number for {scope.Key}/{period}.", new InvalidOperationException("conflict"));
            }
            await ConditionalWrite.Backoff(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One allocation: the N°, or null when someone else wrote the counter first.</summary>
    private async Task<int?> TryAllocateAsync(TableClient table, SessionScope scope, string period, string key, bool trustKnown, CancellationToken ct)
    {
        TableEntity counter;
        if (trustKnown && _counters.TryGet(key, out var known))
        {
            counter = known;
        }
        else
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(scope.Key, period, cancellationToken: ct).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                var first = new TableEntity(scope.Key, period) { ["Next"] = 2 };
                if (await ConditionalWrite.TryAddAsync(table, first, ct).ConfigureAwait(false) is not { } added) return null;
                Remember(key, first, added);
                return 1;
            }
            counter = existing.Value!;
        }
        var number = counter.GetInt32("Next") ?? 1;
        var next = new TableEntity(scope.Key, period) { ["Next"] = number + 1 };
        if (await ConditionalWrite.TryUpdateAsync(table, next, counter.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false) is not { } etag) return null;
        Remember(key, next, etag);
        return number;
    }

    /// <summary>Keeps the row as written, for the next allocation's conditional write (never with a wildcard ETag).</summary>
    private void Remember(string key, TableEntity row, ETag etag)
    {
        if (etag == ETag.All) return;
        row.ETag = etag;
        _counters.Set(key, row);
    }
}
