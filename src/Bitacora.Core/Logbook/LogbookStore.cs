using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// Table "Logbooks": PartitionKey = "territory:{id}" (escaped, as the territory's sessions), RowKey = "{period}~{guideId}":
/// a point read per card, and one partition query lists a territory's logbooks. Every change is ETag-conditional and
/// re-applied on fresh data after a lost race, so two clicks never allocate the same record N°.
/// </summary>
public sealed class LogbookStore(TableClientProvider tables, IOptions<Sessions.SessionOptions> options)
{
    public const string TableName = "Logbooks";

    private static (string Partition, string Row) Keys(LogbookKey key) =>
        (TableKeys.Escape("territory:" + key.TerritoryId), key.Period + "~" + key.GuideId);

    public async Task<Logbook?> GetAsync(LogbookKey key, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        var (pk, rk) = Keys(key);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? FromEntity(key, row.Value!) : null;
    }

    /// <summary>Inserts <paramref name="logbook"/> unless it exists; returns the stored one and whether this call created it.</summary>
    public async Task<(Logbook Logbook, bool Created)> GetOrAddAsync(Logbook logbook, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        try
        {
            var added = await table.AddEntityAsync(ToEntity(logbook), ct).ConfigureAwait(false);
            return (logbook with { ETag = added.Headers.ETag?.ToString() }, true);
        }
        catch (RequestFailedException e) when (ConditionalWrite.AlreadyExists(e))
        {
            return ((await GetAsync(logbook.Key, ct).ConfigureAwait(false))!, false);
        }
    }

    /// <summary>Read-modify-write with the row's ETag; <paramref name="change"/> returns null to leave it as it is.</summary>
    public async Task<Logbook> UpdateAsync(LogbookKey key, Func<Logbook, Logbook?> change, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct).ConfigureAwait(false);
        return await ConditionalWrite.RetryOnConflictAsync(async _ =>
        {
            var current = await GetAsync(key, ct).ConfigureAwait(false)
                          ?? throw new InvalidOperationException($"Logbook {key.Id} does not exist.");
            if (change(current) is not { } next) return current;
            var response = await table.UpdateEntityAsync(ToEntity(next), new ETag(current.ETag!), TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return next with { ETag = response.Headers.ETag?.ToString() };
        }, options.Value.MaxWriteAttempts, ct).ConfigureAwait(false);
    }

    /// <summary>The next record N° of the logbook (never given twice; a failed start leaves a gap, not a duplicate).</summary>
    public async Task<int> AllocateRecordAsync(LogbookKey key, CancellationToken ct)
    {
        var updated = await UpdateAsync(key, l => l with { NextRecord = l.NextRecord + 1 }, ct).ConfigureAwait(false);
        return updated.NextRecord - 1;
    }

    private static TableEntity ToEntity(Logbook l)
    {
        var (pk, rk) = Keys(l.Key);
        return new TableEntity(pk, rk)
        {
            ["GuideId"] = l.Key.GuideId,
            ["TerritoryId"] = l.Key.TerritoryId,
            ["Period"] = l.Key.Period,
            ["TerritoryName"] = l.TerritoryName,
            ["NextRecord"] = l.NextRecord,
            ["FilledAt"] = l.FilledAt,
            ["FilledBy"] = l.FilledBy,
            ["EvaluatedAt"] = l.EvaluatedAt,
            ["EvaluatedBy"] = l.EvaluatedBy,
            ["CreatedAt"] = l.CreatedAt,
            ["CreatedBy"] = l.CreatedBy,
        };
    }

    private static Logbook FromEntity(LogbookKey key, TableEntity e) => new()
    {
        Key = key,
        TerritoryName = e.GetString("TerritoryName") ?? key.TerritoryId,
        NextRecord = e.GetInt32("NextRecord") ?? 1,
        FilledAt = e.GetDateTimeOffset("FilledAt"),
        FilledBy = e.GetString("FilledBy"),
        EvaluatedAt = e.GetDateTimeOffset("EvaluatedAt"),
        EvaluatedBy = e.GetString("EvaluatedBy"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        ETag = e.ETag.ToString(),
    };
}
