using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>
/// Outbox rows of the previous layout (table "ReminderOutbox", PartitionKey = commitment id, RowKey = kind_dueTicks),
/// which a deployed bot has. Read both, carry forward: before a sweep claims a reminder that a sweep of the previous
/// version could have claimed, it looks the reminder up there and copies a row it finds into the new layout
/// (insert-if-absent), so the claim honours it — Sent stays sent, a Sending lease is waited for and then probed.
/// <para>
/// "Could have claimed": index rows with NotBefore up to <see cref="Grace"/> after the first sweep of this version
/// (recorded once, row "layout" of the checkpoint table). A later reminder was never claimed by the old version —
/// except a re-queued retry, whose old row is Pending (nothing delivered), so a fresh claim is right (its attempt
/// count restarts). An install with no old rows pays one request per process and nothing else. The old table can be
/// deleted once <see cref="Grace"/> has passed and the checkpoint is past it.
/// </para>
/// </summary>
public sealed class LegacyOutboxRows(TableClientProvider tables, IReminderOutbox outbox, ILogger<LegacyOutboxRows> logger)
{
    internal const string TableName = "ReminderOutbox";
    private const string MarkerPartition = "layout", MarkerRow = "outbox-by-hour";

    /// <summary>How long after the first sweep of this version a previous-version sweep may still have claimed rows.</summary>
    public static readonly Duration Grace = Duration.FromHours(1);

    private volatile bool _known; // two sweeps resolving at once is harmless: the marker is insert-if-absent
    private Instant? _cutoff;

    /// <summary>Copies the old-layout rows of <paramref name="rows"/>, if any, into the new layout before they are claimed.</summary>
    public async Task CarryOverAsync(IReadOnlyList<DueReminder> rows, Instant now, CancellationToken ct)
    {
        if (await CutoffAsync(now, write: true, ct) is not { } cutoff)
        {
            return;
        }
        var eligible = rows.Where(r => r.NotBefore <= cutoff).DistinctBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(eligible, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (row, c) =>
        {
            if (await ReadAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), c) is { } old
                && await outbox.TryAddAsync(old with { ETag = null }, c) is not null)
            {
                logger.LogInformation("Reminder {Key}: carried its {State} outbox row over from the previous layout.", row.IdempotencyKey, old.State);
            }
        });
    }

    /// <summary>The old-layout row of <paramref name="row"/> if it may matter (read-only: the CLI's dry run).</summary>
    public async Task<OutboxEntry?> FindAsync(DueReminder row, Instant now, CancellationToken ct) =>
        await CutoffAsync(now, write: false, ct) is { } cutoff && row.NotBefore <= cutoff
            ? await ReadAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), ct)
            : null;

    /// <summary>Every old-layout row of a commitment (one partition).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListForCommitmentAsync(string commitmentId, CancellationToken ct)
    {
        var pk = TableKeys.Escape(commitmentId);
        var result = new List<OutboxEntry>();
        try
        {
            await foreach (var e in tables.GetWithoutCreating(TableName).QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct))
            {
                result.Add(ReminderOutbox.FromEntity(e) with { ETag = null });
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No old table: nothing to read.
        }
        return result;
    }

    private async Task<OutboxEntry?> ReadAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct)
    {
        try
        {
            var row = await tables.GetWithoutCreating(TableName).GetEntityIfExistsAsync<TableEntity>(
                TableKeys.Escape(commitmentId), $"{kindToken}_{dueTicks:D19}", cancellationToken: ct);
            return row.HasValue ? ReminderOutbox.FromEntity(row.Value!) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Null when there are no old rows; else the last NotBefore an old sweep may have claimed.</summary>
    private async Task<Instant?> CutoffAsync(Instant now, bool write, CancellationToken ct)
    {
        if (_known)
        {
            return _cutoff;
        }
        if (!await OldRowsExistAsync(ct))
        {
            return Known(null);
        }
        var checkpoints = await tables.GetAsync(DueBucketScan.CheckpointTable, ct);
        var marker = new TableEntity(MarkerPartition, MarkerRow) { ["SinceTicks"] = now.ToUnixTimeTicks() };
        if (write && await ConditionalWrite.TryAddAsync(checkpoints, marker, ct) is not null)
        {
            logger.LogInformation("Reminder outbox: first sweep over the by-hour layout; old rows consulted until {Cutoff}.", now + Grace);
            return Known(now + Grace);
        }
        var existing = await checkpoints.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, cancellationToken: ct);
        if (existing.HasValue && existing.Value!.GetInt64("SinceTicks") is { } since)
        {
            return Known(Instant.FromUnixTimeTicks(since) + Grace);
        }
        return now + Grace; // a dry run before the first sweep of this version: as if it were that sweep
    }

    private Instant? Known(Instant? cutoff)
    {
        _cutoff = cutoff;
        _known = true; // after the cutoff: a reader that sees _known sees it
        return cutoff;
    }

    private async Task<bool> OldRowsExistAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var _ in tables.GetWithoutCreating(TableName).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"],
                               cancellationToken: ct))
            {
                return true;
            }
            return false;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
