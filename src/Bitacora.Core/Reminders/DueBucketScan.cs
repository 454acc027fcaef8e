using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// The sweep's cursor over the due index: the hour buckets from the checkpoint (or Reminders:InitialLookback on the
/// first run) to now — always including the previous hour, so a row written just as the hour turned is not missed —
/// and the checkpoint itself (table "ReminderSweep", one row). Used by the sweep and its preview alike.
/// </summary>
public sealed class DueBucketScan(TableClientProvider tables, ReminderDueIndex dueIndex, ReminderOptions options)
{
    internal const string CheckpointTable = "ReminderSweep";

    /// <summary>The start instants of the buckets a sweep at <paramref name="now"/> reads, oldest first.</summary>
    public async Task<IReadOnlyList<Instant>> BucketsAsync(Instant now, CancellationToken ct)
    {
        var table = await tables.GetAsync(CheckpointTable, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>("checkpoint", "default", cancellationToken: ct);
        var checkpoint = row.HasValue && row.Value!.GetInt64("BucketTicks") is { } ticks
            ? Instant.FromUnixTimeTicks(ticks)
            : ReminderDueIndex.BucketStart(now - Duration.FromTimeSpan(options.InitialLookback));
        var last = ReminderDueIndex.BucketStart(now);
        var result = new List<Instant>();
        for (var bucket = Instant.Min(checkpoint, last - Duration.FromHours(1)); bucket <= last; bucket += Duration.FromHours(1))
        {
            result.Add(bucket);
        }
        return result;
    }

    /// <summary>The index rows of one bucket that may be processed at <paramref name="now"/>.</summary>
    public Task<IReadOnlyList<DueReminder>> ReadAsync(Instant bucket, Instant now, CancellationToken ct) =>
        dueIndex.ReadBucketAsync(ReminderDueIndex.Bucket(bucket), now, ct);

    /// <summary>The next sweep starts at <paramref name="bucket"/>.</summary>
    public async Task SaveCheckpointAsync(Instant bucket, CancellationToken ct)
    {
        var table = await tables.GetAsync(CheckpointTable, ct);
        await table.UpsertEntityAsync(new TableEntity("checkpoint", "default") { ["BucketTicks"] = bucket.ToUnixTimeTicks() },
            TableUpdateMode.Replace, ct);
    }
}
