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
/// Per bucket: one query for its rows, one query per unit for their commitments (concurrently). The rows are then
/// taken in claim groups — up to Reminders:ClaimBatch reminders due in the same hour, whose outbox rows share a
/// partition — Reminders:SweepConcurrency reminders at a time. Per group: (1) check each row against its commitment
/// (stale or closed → skip); (2) claim them — one transaction inserting the outbox rows straight into Sending with a
/// lease (idempotency key = commitment + kind + due instant; only one sweep's insert wins); a row that exists is
/// claimed alone under its ETag; (3) send each through <see cref="IReminderChannel"/> after the rate limiter, the
/// group's sends at once; (4) record the outcomes in one transaction with the claims' ETags. Index rows done with
/// are deleted per bucket, 100 to a transaction. Storage round trips per reminder: 2 per group (claim, outcome) plus
/// its share of the bucket's queries and deletes.
/// </para>
/// <para>
/// Crash analysis: before (2) nothing happened, the index rows are read again. After (2) the outbox rows are Sending
/// with a lease that expires; the index rows and the checkpoint are still behind, so the next sweep finds them. After
/// (4) the index rows are deleted on the next pass (the outbox says final). The one window no storage ordering closes
/// is between a channel's answer and (4): Teams has the message but the row still says Sending. When its lease
/// expires the next sweep asks <see cref="IReminderChannel.ProbeAsync"/>; if the channel can tell (journal, chat
/// read) the delivery is recorded without a second message; if not, the reminder is re-sent with
/// <see cref="ReminderMessage.PossibleRedelivery"/> so the card says so, and every card action is idempotent against
/// the commitment's version. At most SweepConcurrency reminders are claimed and unrecorded at any moment, so a crash
/// leaves at most that many such copies. README.md in this folder has the full table.
/// </para>
/// </summary>
public sealed class ReminderSweep(
    DueBucketScan scan,
    CommitmentStore commitments,
    CommitmentService commitmentService,
    ReminderDueIndex dueIndex,
    IReminderOutbox outbox,
    LegacyOutboxRows legacy,
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
        var concurrency = Math.Max(1, options.SweepConcurrency);
        var batch = Math.Clamp(options.ClaimBatch, 1, Math.Min(ReminderOutbox.MaxBatch, concurrency));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency / batch) };
        foreach (var bucket in buckets)
        {
            bucketsRead++;
            var rows = await scan.ReadAsync(bucket, at, cancellationToken);
            read += rows.Count;
            var wanted = await CommitmentsOfAsync(rows, cancellationToken);
            await legacy.CarryOverAsync(rows, at, cancellationToken);
            var groups = rows.GroupBy(r => ReminderOutbox.PartitionOf(r.DueUtc.ToUnixTimeTicks()), StringComparer.Ordinal)
                .SelectMany(g => g.Chunk(batch));
            var done = new ConcurrentBag<DueReminder>();
            var busyHere = 0;
            // Each group is independent — its outbox claims make it exclusive — and the sweep's own token, not the
            // loop's, lets the others finish cleanly if one throws.
            await Parallel.ForEachAsync(groups, parallel, async (group, _) =>
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > options.SweepBudget)
                {
                    // Out of time (see SweepBudget): the rest stay in the index and the checkpoint waits for them.
                    Interlocked.Add(ref deferred, group.Length);
                    return;
                }
                foreach (var outcome in await ProcessAsync(group, wanted, at, done, cancellationToken))
                {
                    Interlocked.Increment(ref counts[(int)outcome]);
                    switch (outcome)
                    {
                        case Outcome.Sent: metrics.ReminderSent("personal"); break;
                        case Outcome.SentToFallback: metrics.ReminderSent("session"); break;
                        case Outcome.Failed: metrics.ReminderFailed(); break;
                        case Outcome.Busy: Interlocked.Exchange(ref busyHere, 1); break;
                    }
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
                var entry = await outbox.GetAsync(row.CommitmentId, row.Kind.Token, row.DueUtc.ToUnixTimeTicks(), cancellationToken)
                            ?? await legacy.FindAsync(row, at, cancellationToken);
                if (StillWanted(row, wanted.GetValueOrDefault(row.CommitmentId)) && entry is not { IsFinal: true })
                {
                    result.Add(row);
                }
            }
        }
        return result;
    }

    /// <summary>The commitments of a bucket's rows: one query per unit (concurrently), not one read per reminder.</summary>
    private async Task<IReadOnlyDictionary<string, Commitment>> CommitmentsOfAsync(IReadOnlyList<DueReminder> rows, CancellationToken ct)
    {
        var result = new ConcurrentDictionary<string, Commitment>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.SweepConcurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(rows.GroupBy(r => r.Unit, StringComparer.Ordinal), parallel, async (unit, c) =>
        {
            foreach (var (id, commitment) in await commitments.GetManyAsync(unit.Key, unit.Select(r => r.CommitmentId), c))
            {
                result[id] = commitment;
            }
        });
        return result;
    }

    private static bool StillWanted(DueReminder row, Commitment? commitment) =>
        commitment is { IsOpen: true } && commitment.Reminders.Contains(new ScheduledReminder(row.Kind, row.DueUtc));

    /// <summary>One claim group: claim together, send each, record together. One outcome per row, in order.</summary>
    private async Task<Outcome[]> ProcessAsync(DueReminder[] group, IReadOnlyDictionary<string, Commitment> wanted, Instant now,
        ConcurrentBag<DueReminder> done, CancellationToken ct)
    {
        var commitmentOf = group.Select(r => wanted.GetValueOrDefault(r.CommitmentId)).ToArray();
        var claims = await transitions.ClaimManyAsync(group.Select((r, i) => (r, StillWanted(r, commitmentOf[i]))).ToList(), now, ct);
        var outcomes = new Outcome[group.Length];
        var attempts = new DeliveryAttempt?[group.Length];
        await Task.WhenAll(Enumerable.Range(0, group.Length).Select(async i =>
        {
            switch (claims[i])
            {
                case Claim.Busy:
                    outcomes[i] = Outcome.Busy;
                    break;
                case Claim.Done:
                    done.Add(group[i]);
                    outcomes[i] = Outcome.Skipped;
                    break;
                case Claim.Owned owned:
                    var sent = await delivery.DeliverAsync(group[i], commitmentOf[i]!, owned.Entry, owned.Recovering, ct);
                    outcomes[i] = Outcome.Busy; // until recorded below; stays Busy if the fallback switch lost the row
                    attempts[i] = sent.Lost ? null : sent;
                    break;
                default:
                    throw new InvalidOperationException("unknown claim");
            }
        }));
        var delivered = Enumerable.Range(0, group.Length).Where(i => attempts[i] is not null).ToList();
        if (delivered.Count > 0)
        {
            var recorded = await RecordAsync(delivered.Select(i => (group[i], commitmentOf[i]!, attempts[i]!)).ToList(), ct);
            for (var k = 0; k < delivered.Count; k++)
            {
                outcomes[delivered[k]] = recorded[k].Outcome;
                if (recorded[k].Written)
                {
                    done.Add(group[delivered[k]]);
                }
            }
        }
        return outcomes;
    }

    /// <summary>
    /// The outcomes of a group's deliveries: re-queued reminders get their later index rows first (if we die after
    /// them, the old rows meet an outbox row that points past them and are dropped), then every outbox row is written
    /// at once. Written = still ours; its index row can go.
    /// </summary>
    private async Task<IReadOnlyList<(Outcome Outcome, bool Written)>> RecordAsync(
        IReadOnlyList<(DueReminder Row, Commitment Commitment, DeliveryAttempt Sent)> items, CancellationToken ct)
    {
        var plans = items.Select(x => Plan(x.Sent)).ToList();
        var requeued = items.Zip(plans).Where(p => p.Second.RetryAt is not null)
            .Select(p => p.First.Row with { NotBefore = p.Second.RetryAt!.Value }).ToList();
        if (requeued.Count > 0)
        {
            await dueIndex.UpsertAsync(requeued, ct);
        }
        var written = await transitions.RecordAsync(plans.Select(p => p.Status).ToList(), ct);
        var result = new List<(Outcome, bool)>(items.Count);
        for (var k = 0; k < items.Count; k++)
        {
            var (row, commitment, sent) = items[k];
            var plan = plans[k];
            switch (plan.Outcome)
            {
                case Outcome.Sent or Outcome.SentToFallback:
                    if (sent.PossibleRedelivery)
                    {
                        metrics.ReminderPossibleDuplicate();
                    }
                    if (written[k] && row.Kind.Phase == ReminderPhase.After && commitment.Status is CommitmentStatus.Pendiente or CommitmentStatus.Ajustado)
                    {
                        await commitmentService.MarkOverdueAsync(row.CommitmentId, ct); // a conflict here only means someone acted first
                    }
                    break;
                case Outcome.Requeued:
                    logger.LogInformation("Reminder {Key} re-queued for {RetryAt}: {Reason}", row.IdempotencyKey, plan.RetryAt, plan.Status.LastError);
                    break;
                default:
                    logger.LogError("Reminder {Key} failed after {Attempts} attempts: {Reason}", row.IdempotencyKey, plan.Status.Attempts,
                        plan.Status.LastError);
                    break;
            }
            result.Add((plan.Outcome, written[k]));
        }
        return result;
    }

    private (OutboxEntry Status, Outcome Outcome, Instant? RetryAt) Plan(DeliveryAttempt sent)
    {
        var claimed = sent.Claimed;
        return sent.Result switch
        {
            DeliveryResult.Delivered delivered => (transitions.Sent(claimed, delivered.ActivityId, sent.PossibleRedelivery),
                claimed.Target == OutboxTarget.Personal ? Outcome.Sent : Outcome.SentToFallback, null),
            DeliveryResult.RetryLater later when sent.Attempts < options.MaxAttempts =>
                Requeue(claimed, later.RetryAfter, $"retry-after {later.RetryAfter}: {later.Reason}"),
            DeliveryResult.Failed failure when sent.Attempts < options.MaxAttempts => Requeue(claimed, Backoff(sent.Attempts), failure.Reason),
            _ => (transitions.Failed(claimed, Describe(sent.Result)), Outcome.Failed, null),
        };
    }

    private (OutboxEntry, Outcome, Instant?) Requeue(OutboxEntry claimed, TimeSpan after, string reason)
    {
        var retryAt = Instant.FromDateTimeOffset(time.GetUtcNow() + after);
        return (transitions.Requeued(claimed, retryAt, reason), Outcome.Requeued, retryAt);
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
