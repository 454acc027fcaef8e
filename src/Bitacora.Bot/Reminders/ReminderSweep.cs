using Bitacora.Bot.Conversations;
using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Bitacora.Bot.Reminders;

/// <summary>The points where a sweep can die, for fault-injection tests (see <see cref="ReminderSweepHooks"/>).</summary>
public enum SweepStep
{
    BeforeOutboxWrite,
    AfterOutboxWrite,
    AfterClaim,
    AfterSend,
    BeforeStatusWrite,
    AfterStatusWrite,
}

/// <summary>Test seam: called at each <see cref="SweepStep"/>; throwing simulates the process dying there.</summary>
public class ReminderSweepHooks
{
    public virtual ValueTask OnStepAsync(SweepStep step, DueReminder reminder) => ValueTask.CompletedTask;
}

/// <summary>What one sweep did.</summary>
public sealed record SweepReport(
    DateTimeOffset Now,
    int BucketsRead,
    int EntitiesRead,
    int Sent,
    int SentToFallback,
    int Requeued,
    int Failed,
    int SkippedStale,
    int Busy,
    DateTimeOffset Checkpoint,
    int Deferred = 0);

/// <summary>
/// One pass over the due index: every reminder due at <c>now</c> goes through the outbox exactly once.
/// <para>
/// Per reminder: (1) check it against the commitment (stale or closed → skip); (2) insert the outbox row if absent
/// (idempotency key = commitment + kind + due instant); (3) claim it: Pending → Sending with a lease, guarded by the
/// row's ETag, so of two sweeps only one sends; (4) send through <see cref="IReminderChannel"/> after the rate
/// limiter; (5) record the outcome with the claim's ETag; (6) delete the index row.
/// </para>
/// <para>
/// Crash analysis: before (2) nothing happened, the index row is read again. After (2)/(3) the outbox row is Pending,
/// or Sending with a lease that expires; the index row and the checkpoint are still behind, so the next sweep finds
/// it. After (5) the index row is deleted on the next pass (the outbox says final). The one window no storage
/// ordering closes is between the channel answering and (5): Teams has the message but the row still says Sending.
/// When its lease expires the next sweep asks <see cref="IReminderChannel.ProbeAsync"/>; if the channel can tell
/// (journal, chat read) the delivery is recorded without a second message; if not, the reminder is re-sent with
/// <see cref="ReminderMessage.PossibleRedelivery"/> so the card says so, and every card action is idempotent against
/// the commitment's version. That window is a few milliseconds after a successful HTTP call; we choose
/// "possibly twice, flagged" over "possibly never" there. README.md in this folder has the full table.
/// </para>
/// </summary>
public sealed class ReminderSweep(
    TableClientProvider tables,
    CommitmentStore commitments,
    CommitmentService commitmentService,
    ReminderDueIndex dueIndex,
    ReminderOutbox outbox,
    IReminderChannel channel,
    TeamsRateLimiter limiter,
    ReminderOptions options,
    TimeProvider time,
    ILogger<ReminderSweep>? logger = null,
    ReminderSweepHooks? hooks = null,
    Observability.BitacoraMetrics? metrics = null)
{
    internal const string CheckpointTable = "ReminderSweep";
    private readonly ILogger _log = logger ?? NullLogger<ReminderSweep>.Instance;
    private readonly ReminderSweepHooks _hooks = hooks ?? new ReminderSweepHooks();

    private enum Outcome { Sent, SentToFallback, Requeued, Failed, Skipped, Busy }

    public async Task<SweepReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Instant.FromDateTimeOffset(now);
        var table = await tables.GetAsync(CheckpointTable, cancellationToken);
        var checkpoint = await ReadCheckpointAsync(table, cancellationToken)
                         ?? ReminderDueIndex.BucketStart(at - Duration.FromTimeSpan(options.InitialLookback));
        var last = ReminderDueIndex.BucketStart(at);
        // Always re-read the previous hour too: a row written just as the hour turned is not missed.
        var first = Instant.Min(checkpoint, last - Duration.FromHours(1));
        Instant? hold = null;
        int buckets = 0, read = 0, deferred = 0;
        var counts = new int[Enum.GetValues<Outcome>().Length];
        // Real time, not the injected clock: the budget guards a lock that expires on the wall clock (SweepBudget).
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.SweepConcurrency) };
        for (var bucket = first; bucket <= last && deferred == 0; bucket += Duration.FromHours(1))
        {
            buckets++;
            var rows = await dueIndex.ReadBucketAsync(ReminderDueIndex.Bucket(bucket), at, cancellationToken);
            read += rows.Count;
            var busyHere = 0;
            // Deliveries overlap (bounded): the rate limiter is the only brake. Each row is independent — its outbox
            // claim makes it exclusive — and the sweep's own token, not the loop's, lets the others finish cleanly
            // if one throws.
            await Parallel.ForEachAsync(rows, parallel, async (row, _) =>
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > options.SweepBudget)
                {
                    // Out of time (see SweepBudget): the rest stay in the index and the checkpoint waits for them.
                    Interlocked.Increment(ref deferred);
                    return;
                }
                var outcome = await ProcessAsync(row, at, cancellationToken);
                Interlocked.Increment(ref counts[(int)outcome]);
                switch (outcome)
                {
                    case Outcome.Sent: metrics?.ReminderSent("personal"); break;
                    case Outcome.SentToFallback: metrics?.ReminderSent("session"); break;
                    case Outcome.Failed: metrics?.ReminderFailed(); break;
                }
                if (outcome == Outcome.Busy)
                {
                    Interlocked.Exchange(ref busyHere, 1);
                }
            });
            if (busyHere == 1 || deferred > 0)
            {
                hold ??= bucket;
            }
            if (deferred > 0)
            {
                _log.LogInformation("Reminder sweep stopped after {Budget}; {Deferred} reminders of bucket {Bucket} left for the next sweep.",
                    options.SweepBudget, deferred, ReminderDueIndex.Bucket(bucket));
            }
        }
        int Count(Outcome o) => counts[(int)o];
        int sent = Count(Outcome.Sent) + Count(Outcome.SentToFallback), fallback = Count(Outcome.SentToFallback),
            requeued = Count(Outcome.Requeued), failed = Count(Outcome.Failed), skipped = Count(Outcome.Skipped), busy = Count(Outcome.Busy);
        var next = hold ?? last;
        await table.UpsertEntityAsync(new TableEntity("checkpoint", "default") { ["BucketTicks"] = next.ToUnixTimeTicks() },
            TableUpdateMode.Replace, cancellationToken);
        return new SweepReport(now, buckets, read, sent, fallback, requeued, failed, skipped, busy, next.ToDateTimeOffset(), deferred);
    }

    /// <summary>
    /// What a sweep at <paramref name="now"/> would send, without writing anything (no outbox row, no checkpoint):
    /// the CLI's dry run and an operator's check before catching up after an outage.
    /// </summary>
    public async Task<IReadOnlyList<DueReminder>> PreviewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Instant.FromDateTimeOffset(now);
        var table = await tables.GetAsync(CheckpointTable, cancellationToken);
        var checkpoint = await ReadCheckpointAsync(table, cancellationToken)
                         ?? ReminderDueIndex.BucketStart(at - Duration.FromTimeSpan(options.InitialLookback));
        var last = ReminderDueIndex.BucketStart(at);
        var result = new List<DueReminder>();
        for (var bucket = Instant.Min(checkpoint, last - Duration.FromHours(1)); bucket <= last; bucket += Duration.FromHours(1))
        {
            foreach (var row in await dueIndex.ReadBucketAsync(ReminderDueIndex.Bucket(bucket), at, cancellationToken))
            {
                var c = await commitments.GetAsync(row.Unit, row.CommitmentId, cancellationToken);
                var entry = await outbox.GetAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), cancellationToken);
                if (c is { IsOpen: true } && c.Reminders.Contains(new ScheduledReminder(row.Kind, row.DueUtc)) && entry is not { IsFinal: true })
                {
                    result.Add(row);
                }
            }
        }
        return result;
    }

    private static async Task<Instant?> ReadCheckpointAsync(TableClient table, CancellationToken ct)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>("checkpoint", "default", cancellationToken: ct);
        return row.HasValue && row.Value!.GetInt64("BucketTicks") is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
    }

    private async Task<Outcome> ProcessAsync(DueReminder row, Instant now, CancellationToken ct)
    {
        var commitment = await commitments.GetAsync(row.Unit, row.CommitmentId, ct);
        var stillWanted = commitment is not null && commitment.IsOpen
                          && commitment.Reminders.Contains(new ScheduledReminder(row.Kind, row.DueUtc));
        var entry = await outbox.GetAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), ct);
        if (entry is null)
        {
            if (!stillWanted)
            {
                await dueIndex.DeleteAsync(row, ct);
                return Outcome.Skipped;
            }
            await _hooks.OnStepAsync(SweepStep.BeforeOutboxWrite, row);
            var stamp = time.GetUtcNow();
            entry = await outbox.AddOrGetAsync(new OutboxEntry
            {
                CommitmentId = row.CommitmentId,
                Unit = row.Unit,
                KindToken = row.Kind.Token,
                DueTicks = row.DueUtc.ToUnixTimeTicks(),
                IdempotencyKey = row.IdempotencyKey,
                State = OutboxState.Pending,
                Target = OutboxTarget.Personal,
                CreatedAt = stamp,
                UpdatedAt = stamp,
            }, ct);
            await _hooks.OnStepAsync(SweepStep.AfterOutboxWrite, row);
        }

        if (entry.IsFinal)
        {
            await dueIndex.DeleteAsync(row, ct);
            return Outcome.Skipped;
        }
        var clock = time.GetUtcNow();
        if (entry.State == OutboxState.Sending && entry.LeaseUntil > clock)
        {
            return Outcome.Busy;
        }
        if (entry.State == OutboxState.Pending && entry.NextAttemptAt is { } nextAttempt && nextAttempt > now.ToDateTimeOffset())
        {
            // A retry was re-queued under a later index row (written before this state); this older row is done.
            await dueIndex.DeleteAsync(row, ct);
            return Outcome.Skipped;
        }
        if (!stillWanted)
        {
            var skippedEntry = await outbox.TryUpdateAsync(entry with { State = OutboxState.Skipped, UpdatedAt = clock, LeaseUntil = null }, ct);
            if (skippedEntry is null)
            {
                return Outcome.Busy;
            }
            await dueIndex.DeleteAsync(row, ct);
            return Outcome.Skipped;
        }

        var recovering = entry.State == OutboxState.Sending; // its lease expired: a sweep died mid-send
        var claimed = await outbox.TryUpdateAsync(entry with
        {
            State = OutboxState.Sending,
            LeaseUntil = clock + options.SendLease,
            Attempts = entry.Attempts + 1,
            UpdatedAt = clock,
        }, ct);
        if (claimed is null)
        {
            return Outcome.Busy; // another sweep claimed it first
        }
        await _hooks.OnStepAsync(SweepStep.AfterClaim, row);
        return await DeliverClaimedAsync(row, commitment!, claimed, recovering, now, ct);
    }

    private async Task<Outcome> DeliverClaimedAsync(DueReminder row, Commitment commitment, OutboxEntry claimed, bool recovering,
        Instant now, CancellationToken ct)
    {
        var target = claimed.Target;
        var message = Message(row, commitment, target, claimed.Attempts, possibleRedelivery: false);
        DeliveryResult result;
        if (recovering)
        {
            var probe = await SafeProbeAsync(message, ct);
            if (probe.Status == DeliveryProbeStatus.Delivered)
            {
                return await RecordSentAsync(row, claimed, target, probe.ActivityId ?? "", redelivered: false, ct);
            }
            message = message with { PossibleRedelivery = probe.Status == DeliveryProbeStatus.Unknown };
        }

        var attempts = claimed.Attempts;
        while (true)
        {
            await limiter.AcquireAsync(message.Target.ConversationKey, ct);
            result = await SafeSendAsync(message, ct);
            await _hooks.OnStepAsync(SweepStep.AfterSend, row);
            if (result is DeliveryResult.Unreachable unreachable && target == OutboxTarget.Personal)
            {
                _log.LogWarning("Reminder {Key}: 1:1 unreachable ({Status}); falling back to the session conversation.",
                    row.IdempotencyKey, unreachable.StatusCode);
                var switched = await outbox.TryUpdateAsync(claimed with { Target = OutboxTarget.SessionConversation, UpdatedAt = time.GetUtcNow() }, ct);
                if (switched is null)
                {
                    return Outcome.Busy;
                }
                claimed = switched;
                target = OutboxTarget.SessionConversation;
                message = Message(row, commitment, target, attempts, message.PossibleRedelivery);
                continue;
            }
            if (result is DeliveryResult.RetryLater later)
            {
                limiter.Penalize(message.Target.ConversationKey, later.RetryAfter);
                if (later.RetryAfter <= options.MaxInlineRetryAfter && attempts < options.MaxAttempts)
                {
                    attempts++;
                    await Task.Delay(later.RetryAfter, time, ct);
                    message = message with { Attempt = attempts };
                    continue;
                }
            }
            break;
        }

        claimed = claimed with { Attempts = attempts };
        switch (result)
        {
            case DeliveryResult.Delivered delivered:
                return await RecordSentAsync(row, claimed, target, delivered.ActivityId, message.PossibleRedelivery, ct);
            case DeliveryResult.RetryLater later when attempts < options.MaxAttempts:
                return await RequeueAsync(row, claimed, later.RetryAfter, $"retry-after {later.RetryAfter}: {later.Reason}", ct);
            case DeliveryResult.Failed failure when attempts < options.MaxAttempts:
                return await RequeueAsync(row, claimed, Backoff(attempts), failure.Reason, ct);
            default:
                return await RecordFailedAsync(row, claimed, Describe(result), ct);
        }
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));

    private static string Describe(DeliveryResult result) => result switch
    {
        DeliveryResult.Unreachable u => $"unreachable ({u.StatusCode}) also in the session conversation: {u.Reason}",
        DeliveryResult.Failed f => f.Reason,
        DeliveryResult.RetryLater r => $"still throttled after the last attempt (retry-after {r.RetryAfter})",
        _ => result.ToString(),
    };

    private ReminderMessage Message(DueReminder row, Commitment c, OutboxTarget target, int attempt, bool possibleRedelivery) =>
        new(row.IdempotencyKey, c, row.Kind, row.DueUtc.ToDateTimeOffset(),
            target == OutboxTarget.Personal
                ? new ReminderTarget.Personal(c.Responsible, c.Origin.TenantId, c.Origin.ServiceUrl)
                : new ReminderTarget.SessionConversation(c.Origin.ConversationId, c.Origin.ServiceUrl, c.Origin.TenantId, c.Responsible),
            attempt, possibleRedelivery);

    private async Task<DeliveryResult> SafeSendAsync(ReminderMessage message, CancellationToken ct)
    {
        try
        {
            return await channel.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new DeliveryResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<DeliveryProbe> SafeProbeAsync(ReminderMessage message, CancellationToken ct)
    {
        try
        {
            return await channel.ProbeAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Probe failed for {Key}.", message.IdempotencyKey);
            return DeliveryProbe.Unknown;
        }
    }

    private async Task<Outcome> RecordSentAsync(DueReminder row, OutboxEntry claimed, OutboxTarget target, string activityId,
        bool redelivered, CancellationToken ct)
    {
        await _hooks.OnStepAsync(SweepStep.BeforeStatusWrite, row);
        if (redelivered)
        {
            metrics?.ReminderPossibleDuplicate();
        }
        var stamp = time.GetUtcNow();
        var written = await WriteStatusAsync(claimed with
        {
            State = OutboxState.Sent,
            Target = target,
            ActivityId = activityId,
            SentAt = stamp,
            UpdatedAt = stamp,
            LeaseUntil = null,
            PossibleRedelivery = redelivered,
            LastError = null,
        }, ct);
        await _hooks.OnStepAsync(SweepStep.AfterStatusWrite, row);
        if (written)
        {
            await dueIndex.DeleteAsync(row, ct);
            if (row.Kind.Phase == ReminderPhase.After)
            {
                await commitmentService.MarkOverdueAsync(row.CommitmentId, ct); // a conflict here only means someone acted first
            }
        }
        return target == OutboxTarget.Personal ? Outcome.Sent : Outcome.SentToFallback;
    }

    private async Task<Outcome> RequeueAsync(DueReminder row, OutboxEntry claimed, TimeSpan after, string reason, CancellationToken ct)
    {
        var stamp = time.GetUtcNow();
        var retryAt = Instant.FromDateTimeOffset(stamp + after);
        // New index row first: if we die after it, the old row meets an outbox row that points past it and is dropped.
        await dueIndex.UpsertAsync([row with { NotBefore = retryAt }], ct);
        await _hooks.OnStepAsync(SweepStep.BeforeStatusWrite, row);
        var written = await WriteStatusAsync(claimed with
        {
            State = OutboxState.Pending,
            LeaseUntil = null,
            NextAttemptAt = retryAt.ToDateTimeOffset(),
            UpdatedAt = stamp,
            LastError = reason,
        }, ct);
        await _hooks.OnStepAsync(SweepStep.AfterStatusWrite, row);
        if (written)
        {
            await dueIndex.DeleteAsync(row, ct);
        }
        _log.LogInformation("Reminder {Key} re-queued for {RetryAt}: {Reason}", row.IdempotencyKey, retryAt, reason);
        return Outcome.Requeued;
    }

    private async Task<Outcome> RecordFailedAsync(DueReminder row, OutboxEntry claimed, string reason, CancellationToken ct)
    {
        await _hooks.OnStepAsync(SweepStep.BeforeStatusWrite, row);
        var stamp = time.GetUtcNow();
        var failed = claimed with { State = OutboxState.Failed, LeaseUntil = null, UpdatedAt = stamp, LastError = reason };
        if (await WriteStatusAsync(failed, ct))
        {
            await outbox.RecordFailureAsync(failed, ct);
            await _hooks.OnStepAsync(SweepStep.AfterStatusWrite, row);
            await dueIndex.DeleteAsync(row, ct);
        }
        _log.LogError("Reminder {Key} failed after {Attempts} attempts: {Reason}", row.IdempotencyKey, claimed.Attempts, reason);
        return Outcome.Failed;
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
                _log.LogWarning("Outbox row {Key} changed under us (lease expired mid-send?).", entry.IdempotencyKey);
                return false;
            }
            catch (RequestFailedException e) when (attempt < 5 && e.Status is 0 or >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, ct);
            }
        }
    }
}
