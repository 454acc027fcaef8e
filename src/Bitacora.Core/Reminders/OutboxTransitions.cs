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
/// The first claim of a reminder is one insert straight into Sending (insert-if-absent is the exclusive step); only
/// when a row already exists (a retry, a recovery, a concurrent sweep) is it read and replaced under its ETag.
/// </para>
/// </summary>
public sealed class OutboxTransitions(IReminderOutbox outbox, ReminderOptions options, TimeProvider time, ILogger<OutboxTransitions> logger)
{
    public async Task<Claim> ClaimAsync(DueReminder row, bool stillWanted, Instant now, CancellationToken ct)
    {
        var clock = time.GetUtcNow();
        if (stillWanted)
        {
            var inserted = await outbox.TryAddAsync(new OutboxEntry
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
            }, ct);
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

    public Task<bool> MarkSentAsync(OutboxEntry claimed, string activityId, bool possibleRedelivery, CancellationToken ct)
    {
        var stamp = time.GetUtcNow();
        return WriteStatusAsync(claimed with
        {
            State = OutboxState.Sent,
            ActivityId = activityId,
            SentAt = stamp,
            UpdatedAt = stamp,
            LeaseUntil = null,
            PossibleRedelivery = possibleRedelivery,
            LastError = null,
        }, ct);
    }

    /// <summary>Back to Pending until <paramref name="retryAt"/> (the caller has written the later index row first).</summary>
    public Task<bool> RequeueAsync(OutboxEntry claimed, Instant retryAt, string reason, CancellationToken ct) =>
        WriteStatusAsync(claimed with
        {
            State = OutboxState.Pending,
            LeaseUntil = null,
            NextAttemptAt = retryAt.ToDateTimeOffset(),
            UpdatedAt = time.GetUtcNow(),
            LastError = reason,
        }, ct);

    public async Task<bool> MarkFailedAsync(OutboxEntry claimed, string reason, CancellationToken ct)
    {
        var failed = claimed with { State = OutboxState.Failed, LeaseUntil = null, UpdatedAt = time.GetUtcNow(), LastError = reason };
        if (!await WriteStatusAsync(failed, ct))
        {
            return false;
        }
        await outbox.RecordFailureAsync(failed, ct);
        return true;
    }

    /// <summary>
    /// The write right after a send: retried on transient storage errors, because failing here is exactly the window
    /// that could cause a re-send. False if another sweep took the row over (our lease expired mid-send).
    /// </summary>
    private async Task<bool> WriteStatusAsync(OutboxEntry entry, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await outbox.TryUpdateAsync(entry, ct) is not null)
                {
                    return true;
                }
                logger.LogWarning("Outbox row {Key} changed under us (lease expired mid-send?).", entry.IdempotencyKey);
                return false;
            }
            catch (RequestFailedException e) when (attempt < 5 && e.Status is 0 or >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, ct);
            }
        }
    }
}
