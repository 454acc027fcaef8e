using System.Collections.Concurrent;
using Bitacora.Bot.Commitments;
using NodaTime;

namespace Bitacora.Bot.Reminders;

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
/// One pass over the due index: every reminder due at <c>now</c> goes through the outbox exactly once. A thin
/// orchestrator over four jobs: the cursor (<see cref="DueBucketScan"/>), the outbox state machine
/// (<see cref="OutboxTransitions"/>), the delivery with its fallback (<see cref="ReminderDelivery"/>) and the index.
/// <para>
/// Per bucket: one query for its rows, one query per unit for their commitments. Per reminder: (1) check it against
/// the commitment (stale or closed → skip); (2) claim it — insert the outbox row straight into Sending with a lease
/// (idempotency key = commitment + kind + due instant; only one sweep's insert wins), or, if a row exists, replace it
/// under its ETag; (3) send through <see cref="IReminderChannel"/> after the rate limiter; (4) record the outcome
/// with the claim's ETag. Index rows done with are deleted per bucket, 100 to a transaction. Deliveries overlap
/// (Reminders:SweepConcurrency); the rate limiter is the only brake. Storage round trips per reminder: 2 (claim,
/// outcome) plus its share of the bucket's queries and deletes.
/// </para>
/// <para>
/// Crash analysis: before (2) nothing happened, the index row is read again. After (2) the outbox row is Sending with
/// a lease that expires; the index row and the checkpoint are still behind, so the next sweep finds it. After (4)
/// the index row is deleted on the next pass (the outbox says final). The one window no storage ordering closes is
/// between the channel answering and (4): Teams has the message but the row still says Sending. When its lease
/// expires the next sweep asks <see cref="IReminderChannel.ProbeAsync"/>; if the channel can tell (journal, chat
/// read) the delivery is recorded without a second message; if not, the reminder is re-sent with
/// <see cref="ReminderMessage.PossibleRedelivery"/> so the card says so, and every card action is idempotent against
/// the commitment's version. That window is a few milliseconds after a successful HTTP call; we choose
/// "possibly twice, flagged" over "possibly never" there. README.md in this folder has the full table.
/// </para>
/// </summary>
public sealed class ReminderSweep(
    DueBucketScan scan,
    CommitmentStore commitments,
    CommitmentService commitmentService,
    ReminderDueIndex dueIndex,
    IReminderOutbox outbox,
    OutboxTransitions transitions,
    ReminderDelivery delivery,
    ReminderOptions options,
    TimeProvider time,
    ILogger<ReminderSweep> logger,
    Observability.BitacoraMetrics metrics)
{
    private enum Outcome { Sent, SentToFallback, Requeued, Failed, Skipped, Busy }

    public async Task<SweepReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Instant.FromDateTimeOffset(now);
        var buckets = await scan.BucketsAsync(at, cancellationToken);
        Instant? hold = null;
        int read = 0, deferred = 0, bucketsRead = 0;
        var counts = new int[Enum.GetValues<Outcome>().Length];
        // Real time, not the injected clock: the budget guards a lock that expires on the wall clock (SweepBudget).
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.SweepConcurrency) };
        foreach (var bucket in buckets)
        {
            bucketsRead++;
            var rows = await scan.ReadAsync(bucket, at, cancellationToken);
            read += rows.Count;
            var wanted = await CommitmentsOfAsync(rows, cancellationToken);
            var done = new ConcurrentBag<DueReminder>();
            var busyHere = 0;
            // Each row is independent — its outbox claim makes it exclusive — and the sweep's own token, not the
            // loop's, lets the others finish cleanly if one throws.
            await Parallel.ForEachAsync(rows, parallel, async (row, _) =>
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > options.SweepBudget)
                {
                    // Out of time (see SweepBudget): the rest stay in the index and the checkpoint waits for them.
                    Interlocked.Increment(ref deferred);
                    return;
                }
                var outcome = await ProcessAsync(row, wanted.GetValueOrDefault(row.CommitmentId), at, done, cancellationToken);
                Interlocked.Increment(ref counts[(int)outcome]);
                switch (outcome)
                {
                    case Outcome.Sent: metrics.ReminderSent("personal"); break;
                    case Outcome.SentToFallback: metrics.ReminderSent("session"); break;
                    case Outcome.Failed: metrics.ReminderFailed(); break;
                    case Outcome.Busy: Interlocked.Exchange(ref busyHere, 1); break;
                }
            });
            await dueIndex.DeleteManyAsync(done, cancellationToken);
            if (busyHere == 1 || deferred > 0)
            {
                hold ??= bucket;
            }
            if (deferred > 0)
            {
                logger.LogInformation("Reminder sweep stopped after {Budget}; {Deferred} reminders of bucket {Bucket} left for the next sweep.",
                    options.SweepBudget, deferred, ReminderDueIndex.Bucket(bucket));
                break;
            }
        }
        int Count(Outcome o) => counts[(int)o];
        var next = hold ?? buckets[^1];
        await scan.SaveCheckpointAsync(next, cancellationToken);
        return new SweepReport(now, bucketsRead, read, Count(Outcome.Sent) + Count(Outcome.SentToFallback), Count(Outcome.SentToFallback),
            Count(Outcome.Requeued), Count(Outcome.Failed), Count(Outcome.Skipped), Count(Outcome.Busy), next.ToDateTimeOffset(), deferred);
    }

    /// <summary>
    /// What a sweep at <paramref name="now"/> would send, without writing anything (no outbox row, no checkpoint):
    /// the CLI's dry run and an operator's check before catching up after an outage.
    /// </summary>
    public async Task<IReadOnlyList<DueReminder>> PreviewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Instant.FromDateTimeOffset(now);
        var result = new List<DueReminder>();
        foreach (var bucket in await scan.BucketsAsync(at, cancellationToken))
        {
            var rows = await scan.ReadAsync(bucket, at, cancellationToken);
            var wanted = await CommitmentsOfAsync(rows, cancellationToken);
            foreach (var row in rows)
            {
                var entry = await outbox.GetAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), cancellationToken);
                if (StillWanted(row, wanted.GetValueOrDefault(row.CommitmentId)) && entry is not { IsFinal: true })
                {
                    result.Add(row);
                }
            }
        }
        return result;
    }

    /// <summary>The commitments of a bucket's rows: one query per unit, not one read per reminder.</summary>
    private async Task<Dictionary<string, Commitment>> CommitmentsOfAsync(IReadOnlyList<DueReminder> rows, CancellationToken ct)
    {
        var result = new Dictionary<string, Commitment>(StringComparer.Ordinal);
        foreach (var unit in rows.GroupBy(r => r.Unit, StringComparer.Ordinal))
        {
            foreach (var (id, c) in await commitments.GetManyAsync(unit.Key, unit.Select(r => r.CommitmentId), ct))
            {
                result[id] = c;
            }
        }
        return result;
    }

    private static bool StillWanted(DueReminder row, Commitment? commitment) =>
        commitment is { IsOpen: true } && commitment.Reminders.Contains(new ScheduledReminder(row.Kind, row.DueUtc));

    private async Task<Outcome> ProcessAsync(DueReminder row, Commitment? commitment, Instant now, ConcurrentBag<DueReminder> done,
        CancellationToken ct)
    {
        switch (await transitions.ClaimAsync(row, StillWanted(row, commitment), now, ct))
        {
            case Claim.Busy:
                return Outcome.Busy;
            case Claim.Done:
                done.Add(row);
                return Outcome.Skipped;
            case Claim.Owned owned:
                var sent = await delivery.DeliverAsync(row, commitment!, owned.Entry, owned.Recovering, ct);
                return sent.Lost ? Outcome.Busy : await RecordAsync(row, commitment!, sent, done, ct);
            default:
                throw new InvalidOperationException("unknown claim");
        }
    }

    private async Task<Outcome> RecordAsync(DueReminder row, Commitment commitment, DeliveryAttempt sent, ConcurrentBag<DueReminder> done,
        CancellationToken ct)
    {
        var claimed = sent.Claimed;
        switch (sent.Result)
        {
            case DeliveryResult.Delivered delivered:
                if (sent.PossibleRedelivery)
                {
                    metrics.ReminderPossibleDuplicate();
                }
                if (await transitions.MarkSentAsync(claimed, delivered.ActivityId, sent.PossibleRedelivery, ct))
                {
                    done.Add(row);
                    if (row.Kind.Phase == ReminderPhase.After && commitment.Status is CommitmentStatus.Pendiente or CommitmentStatus.Ajustado)
                    {
                        await commitmentService.MarkOverdueAsync(row.CommitmentId, ct); // a conflict here only means someone acted first
                    }
                }
                return claimed.Target == OutboxTarget.Personal ? Outcome.Sent : Outcome.SentToFallback;
            case DeliveryResult.RetryLater later when sent.Attempts < options.MaxAttempts:
                return await RequeueAsync(row, claimed, later.RetryAfter, $"retry-after {later.RetryAfter}: {later.Reason}", done, ct);
            case DeliveryResult.Failed failure when sent.Attempts < options.MaxAttempts:
                return await RequeueAsync(row, claimed, Backoff(sent.Attempts), failure.Reason, done, ct);
            default:
                var reason = Describe(sent.Result);
                if (await transitions.MarkFailedAsync(claimed, reason, ct))
                {
                    done.Add(row);
                }
                logger.LogError("Reminder {Key} failed after {Attempts} attempts: {Reason}", row.IdempotencyKey, claimed.Attempts, reason);
                return Outcome.Failed;
        }
    }

    private async Task<Outcome> RequeueAsync(DueReminder row, OutboxEntry claimed, TimeSpan after, string reason,
        ConcurrentBag<DueReminder> done, CancellationToken ct)
    {
        var retryAt = Instant.FromDateTimeOffset(time.GetUtcNow() + after);
        // New index row first: if we die after it, the old row meets an outbox row that points past it and is dropped.
        await dueIndex.UpsertAsync([row with { NotBefore = retryAt }], ct);
        if (await transitions.RequeueAsync(claimed, retryAt, reason, ct))
        {
            done.Add(row);
        }
        logger.LogInformation("Reminder {Key} re-queued for {RetryAt}: {Reason}", row.IdempotencyKey, retryAt, reason);
        return Outcome.Requeued;
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));

    private static string Describe(DeliveryResult result) => result switch
    {
        DeliveryResult.Unreachable u => $"unreachable ({u.StatusCode}) also in the session conversation: {u.Reason}",
        DeliveryResult.Failed f => f.Reason,
        DeliveryResult.RetryLater r => $"still throttled after the last attempt (retry-after {r.RetryAfter})",
        _ => result.ToString(),
    };
}
