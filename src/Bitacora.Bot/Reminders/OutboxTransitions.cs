using Azure;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>What <see cref="OutboxTransitions.ClaimAsync"/> decided for one due-index row.</summary>
public abstract record Claim
{
    private Claim() { }

    /// <summary>This sweep owns the row (Sending, leased) and sends. <see cref="Recovering"/>: a dead sweep's lease expired.</summary>
    public sealed record Owned(OutboxEntry Entry, bool Recovering) : Claim;

    /// <summary>Another sweep holds the lease (or won the race): leave the index row, hold the checkpoint.</summary>
    public sealed record Busy : Claim;

    /// <summary>Nothing to send (final, superseded by a re-queue, or no longer wanted): the index row can go.</summary>
    public sealed record Done : Claim;
}

/// <summary>
/// Every state change of an outbox row, in one place (the Hangfire shape: state transitions are not scattered over
/// the workers). Pending/none → Sending (the claim; a lease, ETag-guarded, so of two sweeps only one sends) →
/// Sent | Pending (re-queued with NextAttemptAt) | Failed; Skipped when the commitment no longer wants it.
/// <para>
/// The first claim of a reminder is an insert straight into Sending (insert-if-absent is the exclusive step) — for a
/// group of reminders due in the same hour, one transaction of up to 100 inserts; only when a row already exists (a
/// retry, a recovery, a concurrent sweep) is it read and replaced under its ETag, one at a time. Outcomes of a group
/// are written in one transaction of ETag-guarded replaces; a group that lost any row to another sweep is written
/// row by row, so each row learns whether it is still ours.
/// </para>
/// </summary>
public sealed class OutboxTransitions(IReminderOutbox outbox, ReminderOptions options, TimeProvider time, ILogger<OutboxTransitions> logger)
{
    /// <summary>
    /// Claims a group of due-index rows whose outbox rows share a partition (due hour; at most
    /// <see cref="ReminderOutbox.MaxBatch"/>): the first attempts of wanted reminders in one insert transaction; if
    /// any of those rows exists already (another sweep claimed it, or a dead sweep left it), or for a retry or an
    /// unwanted row, <see cref="ClaimAsync"/> one by one. One claim per row, in order.
    /// </summary>
    public async Task<IReadOnlyList<Claim>> ClaimManyAsync(IReadOnlyList<(DueReminder Row, bool StillWanted)> group, Instant now,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        var claims = new Claim?[group.Count];
        var fresh = Enumerable.Range(0, group.Count)
            .Where(i => group[i].StillWanted && group[i].Row.NotBefore == group[i].Row.DueUtc)
            .DistinctBy(i => group[i].Row.IdempotencyKey, StringComparer.Ordinal).ToList();
        if (fresh.Count > 1)
        {
            var clock = time.GetUtcNow();
            var inserted = await outbox.TryAddManyAsync(fresh.Select(i => NewClaim(group[i].Row, clock)).ToList(), ct);
            for (var k = 0; inserted is not null && k < fresh.Count; k++)
            {
                claims[fresh[k]] = new Claim.Owned(inserted[k], Recovering: false);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, group.Count).Where(i => claims[i] is null).Select(async i =>
            claims[i] = await ClaimAsync(group[i].Row, group[i].StillWanted, now, ct)));
        return claims.Select(c => c!).ToList();
    }

    public async Task<Claim> ClaimAsync(DueReminder row, bool stillWanted, Instant now, CancellationToken ct)
    {
        var clock = time.GetUtcNow();
        if (stillWanted)
        {
            var inserted = await outbox.TryAddAsync(NewClaim(row, clock), ct);
            if (inserted is not null)
            {
                return new Claim.Owned(inserted, Recovering: false);
            }
        }
        var entry = await outbox.GetAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), ct);
        if (entry is null)
        {
            // Not wanted and never recorded; or (wanted) the row vanished between insert and read: the next sweep retries.
            return stillWanted ? new Claim.Busy() : new Claim.Done();
        }
        if (entry.IsFinal)
        {
            return new Claim.Done();
        }
        if (entry.State == OutboxState.Sending && entry.LeaseUntil > clock)
        {
            return new Claim.Busy();
        }
        if (entry.State == OutboxState.Pending && entry.NextAttemptAt is { } nextAttempt && nextAttempt > now.ToDateTimeOffset())
        {
            // A retry was re-queued under a later index row (written before this state); this older row is done.
            return new Claim.Done();
        }
        if (!stillWanted)
        {
            var skipped = await outbox.TryUpdateAsync(entry with { State = OutboxState.Skipped, UpdatedAt = clock, LeaseUntil = null }, ct);
            return skipped is null ? new Claim.Busy() : new Claim.Done();
        }
        var claimed = await outbox.TryUpdateAsync(entry with
        {
            State = OutboxState.Sending,
            LeaseUntil = clock + options.SendLease,
            Attempts = entry.Attempts + 1,
            UpdatedAt = clock,
        }, ct);
        // A Sending row whose lease expired: a sweep died mid-send. Null: another sweep claimed it first.
        return claimed is null ? new Claim.Busy() : new Claim.Owned(claimed, Recovering: entry.State == OutboxState.Sending);
    }

    /// <summary>The 1:1 is unreachable: the row now targets the session conversation. Null if we lost the row.</summary>
    public Task<OutboxEntry?> SwitchToFallbackAsync(OutboxEntry claimed, CancellationToken ct) =>
        outbox.TryUpdateAsync(claimed with { Target = OutboxTarget.SessionConversation, UpdatedAt = time.GetUtcNow() }, ct);

    public OutboxEntry Sent(OutboxEntry claimed, string activityId, bool possibleRedelivery)
    {
        var stamp = time.GetUtcNow();
        return claimed with
        {
            State = OutboxState.Sent,
            ActivityId = activityId,
            SentAt = stamp,
            UpdatedAt = stamp,
            LeaseUntil = null,
            PossibleRedelivery = possibleRedelivery,
            LastError = null,
        };
    }

    /// <summary>Back to Pending until <paramref name="retryAt"/> (the caller writes the later index row first).</summary>
    public OutboxEntry Requeued(OutboxEntry claimed, Instant retryAt, string reason) => claimed with
    {
        State = OutboxState.Pending,
        LeaseUntil = null,
        NextAttemptAt = retryAt.ToDateTimeOffset(),
        UpdatedAt = time.GetUtcNow(),
        LastError = reason,
    };

    /// <summary>Final failure; <see cref="RecordAsync"/> also lists it in "ReminderFailures".</summary>
    public OutboxEntry Failed(OutboxEntry claimed, string reason) =>
        claimed with { State = OutboxState.Failed, LeaseUntil = null, UpdatedAt = time.GetUtcNow(), LastError = reason };

    /// <summary>
    /// Writes the outcomes of a claimed group (rows of one partition, each with its claim's ETag): one transaction
    /// when every row is still ours, else row by row. True for each row written; false for a row another sweep took
    /// over (our lease expired mid-send). Final failures are then listed for operators.
    /// </summary>
    public async Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<OutboxEntry> outcomes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var written = new bool[outcomes.Count];
        if (outcomes.Count > 1 && await WriteStatusAsync(() => outbox.TryUpdateManyAsync(outcomes, ct), ct) is not null)
        {
            Array.Fill(written, true);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, outcomes.Count).Select(async i =>
            {
                written[i] = await WriteStatusAsync(() => outbox.TryUpdateAsync(outcomes[i], ct), ct) is not null;
                if (!written[i])
                {
                    logger.LogWarning("Outbox row {Key} changed under us (lease expired mid-send?).", outcomes[i].IdempotencyKey);
                }
            }));
        }
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (written[i] && outcomes[i].State == OutboxState.Failed)
            {
                await outbox.RecordFailureAsync(outcomes[i], ct);
            }
        }
        return written;
    }

    private OutboxEntry NewClaim(DueReminder row, DateTimeOffset clock) => new()
    {
        CommitmentId = row.CommitmentId,
        Unit = row.Unit,
        KindToken = row.Kind.Token,
        DueTicks = row.DueUtc.ToUnixTimeTicks(),
        IdempotencyKey = row.IdempotencyKey,
        State = OutboxState.Sending,
        Target = OutboxTarget.Personal,
        Attempts = 1,
        LeaseUntil = clock + options.SendLease,
        CreatedAt = clock,
        UpdatedAt = clock,
    };

    /// <summary>
    /// The write right after a send: retried on transient storage errors, because failing here is exactly the window
    /// that could cause a re-send. Null if another sweep took a row over.
    /// </summary>
    private async Task<T?> WriteStatusAsync<T>(Func<Task<T?>> write, CancellationToken ct) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (RequestFailedException e) when (attempt < 5 && e.Status is 0 or >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, ct);
            }
        }
    }
}
