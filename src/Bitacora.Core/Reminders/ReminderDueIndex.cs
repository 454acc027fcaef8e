using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>One row of the due index: "this reminder of this commitment is due at <see cref="DueUtc"/>".</summary>
/// <param name="NotBefore">When the row may be processed; later than <see cref="DueUtc"/> for a re-queued retry.</param>
public sealed record DueReminder(string Unit, string CommitmentId, ReminderKind Kind, Instant DueUtc, Instant NotBefore)
{
    public string IdempotencyKey => $"{CommitmentId}|{Kind.Token}|{DueUtc.ToUnixTimeTicks():D19}";
    internal string PartitionKey => ReminderDueIndex.Bucket(NotBefore);
    internal string RowKey => $"{NotBefore.ToUnixTimeTicks():D19}_{CommitmentId}_{Kind.Token}_{DueUtc.ToUnixTimeTicks():D19}";
}

/// <summary>
/// Table "ReminderDue": PartitionKey = UTC hour bucket "yyyyMMddHH" of the moment the row may be processed,
/// RowKey = "{ticks}_{commitmentId}_{kind}_{dueTicks}". A sweep reads only the buckets between its checkpoint and now,
/// so its cost follows the reminders due, not the commitments stored.
/// </summary>
public sealed class ReminderDueIndex(TableClientProvider tables)
{
    internal const string TableName = "ReminderDue";

    public static string Bucket(Instant instant) =>
        instant.ToDateTimeUtc().ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static Instant BucketStart(Instant instant)
    {
        var utc = instant.ToDateTimeUtc();
        return Instant.FromUtc(utc.Year, utc.Month, utc.Day, utc.Hour, 0);
    }

    public async Task AddAsync(string unit, string commitmentId, IEnumerable<ScheduledReminder> reminders, CancellationToken ct)
    {
        foreach (var group in reminders.Select(r => new DueReminder(unit, commitmentId, r.Kind, r.DueUtc, r.DueUtc))
                     .GroupBy(r => r.PartitionKey))
        {
            await UpsertAsync(group.ToList(), ct);
        }
    }

    public async Task UpsertAsync(IReadOnlyList<DueReminder> rows, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r =>
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))), ct);
            }
        }
    }

    /// <summary>Best effort: a row left behind is recognised as stale or already done by the sweep.</summary>
    public async Task RemoveAsync(string unit, string commitmentId, IEnumerable<ScheduledReminder> reminders, CancellationToken ct)
    {
        foreach (var r in reminders)
        {
            await DeleteAsync(new DueReminder(unit, commitmentId, r.Kind, r.DueUtc, r.DueUtc), ct);
        }
    }

    public async Task DeleteAsync(DueReminder row, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already removed by a concurrent sweep.
        }
    }

    /// <summary>
    /// Deletes rows done with, 100 to an entity-group transaction per bucket (one round trip for up to 100 reminders);
    /// a batch that fails (a row already gone: a concurrent sweep) is deleted row by row instead.
    /// </summary>
    public async Task DeleteManyAsync(IEnumerable<DueReminder> rows, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        foreach (var partition in rows.DistinctBy(r => (r.PartitionKey, r.RowKey)).GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(r =>
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)), ct);
                }
                catch (RequestFailedException)
                {
                    foreach (var row in chunk)
                    {
                        await DeleteAsync(row, ct);
                    }
                }
            }
        }
    }

    /// <summary>Rows of one bucket that may be processed at <paramref name="now"/> (RowKey prefix ≤ now's ticks).</summary>
    public async Task<IReadOnlyList<DueReminder>> ReadBucketAsync(string bucket, Instant now, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var upper = (now.ToUnixTimeTicks() + 1).ToString("D19", CultureInfo.InvariantCulture);
        var result = new List<DueReminder>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == bucket && x.RowKey.CompareTo(upper) < 0,
                           cancellationToken: ct))
        {
            result.Add(new DueReminder(e.GetString("Unit"), e.GetString("CommitmentId"), ReminderKind.Parse(e.GetString("Kind")),
                Instant.FromUnixTimeTicks(e.GetInt64("DueTicks")!.Value),
                Instant.FromUnixTimeTicks(e.GetInt64("NotBeforeTicks")!.Value)));
        }
        return result;
    }

    private static TableEntity ToEntity(DueReminder r) => new(r.PartitionKey, r.RowKey)
    {
        ["Unit"] = r.Unit,
        ["CommitmentId"] = r.CommitmentId,
        ["Kind"] = r.Kind.Token,
        ["DueTicks"] = r.DueUtc.ToUnixTimeTicks(),
        ["NotBeforeTicks"] = r.NotBefore.ToUnixTimeTicks(),
    };
}
