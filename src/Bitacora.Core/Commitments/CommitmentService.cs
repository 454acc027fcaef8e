using Bitacora.Bot.Texts;
using NodaTime;

namespace Bitacora.Bot.Commitments;

/// <summary>The outcome of a change: applied, lost a race (someone else changed it first), or not applicable.</summary>
public abstract record CommitmentUpdateResult
{
    private CommitmentUpdateResult() { }

    /// <summary>The change was written; <see cref="Commitment"/> is the new state.</summary>
    public sealed record Updated(Commitment Commitment) : CommitmentUpdateResult;

    /// <summary>
    /// Someone changed the commitment since the caller saw version <see cref="ExpectedVersion"/> (or at the same
    /// moment); nothing was written. <see cref="Current"/> is the state now, to show "ya fue actualizado por …".
    /// </summary>
    public sealed record Conflict(Commitment Current, int? ExpectedVersion) : CommitmentUpdateResult;

    public sealed record NotFound(string CommitmentId) : CommitmentUpdateResult;

    /// <summary>The change makes no sense in the current state (e.g. closing a closed commitment); nothing was written.</summary>
    public sealed record Rejected(Commitment Current, TextRef Reason) : CommitmentUpdateResult;
}

/// <summary>
/// Records and changes commitments. Every change: read (with ETag) → compute the new state and its reminders →
/// index the new reminders → write state + history in one transaction guarded by the ETag → projections and
/// removal of old index rows. Never a silent overwrite: a lost race returns <see cref="CommitmentUpdateResult.Conflict"/>.
/// </summary>
public sealed partial class CommitmentService(CommitmentStore store, IReminderPlanner planner, TimeProvider time)
{
    public static readonly PersonRef System = new("system", "Bitácora");

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public CommitmentStore Store => store;

    public async Task<Commitment> CreateAsync(NewCommitment request, PersonRef by, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Unit);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.What);
        var now = Now;
        var commitment = new Commitment
        {
            Id = Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N"),
            Unit = request.Unit,
            What = request.What,
            Responsible = request.Responsible,
            AccountabilityDate = request.AccountabilityDate,
            MeansOfVerification = request.MeansOfVerification,
            Origin = request.Origin,
            Source = request.Source,
            CreatedAt = now,
            CreatedBy = by,
        };
        commitment = commitment with { Reminders = await planner.PlanAsync(commitment, now, ct) };
        await store.AddIdLookupAsync(commitment, ct);
        await planner.IndexNewAsync(null, commitment, ct);
        var change = new CommitmentChange(commitment.Id, 1, now, by, "creado", null,
            CommitmentEntityMapper.FormatDate(commitment.AccountabilityDate), null);
        if (!await store.WriteAsync(commitment.Unit, [commitment], [change], null, ct))
        {
            throw new InvalidOperationException($"Commitment id {commitment.Id} already exists.");
        }
        var stored = await store.GetAsync(commitment.Unit, commitment.Id, ct) ?? commitment;
        await store.UpdateProjectionsAsync(null, stored, ct);
        return stored;
    }

    public Task<Commitment?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    /// <summary>Cumplido: closes the commitment with its evidence; its pending reminders stop.</summary>
    public Task<CommitmentUpdateResult> MarkDoneAsync(string id, int? expectedVersion, CommitmentEvidence evidence,
        PersonRef by, string? why, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, ct, c =>
        {
            if (!c.IsOpen)
            {
                return (null, new TextRef(c.Status == CommitmentStatus.Cumplido ? CommitmentMessages.AlreadyDone : CommitmentMessages.NotActive));
            }
            if (string.IsNullOrWhiteSpace(evidence.Text) && string.IsNullOrWhiteSpace(evidence.Link) && c.EvidenceFiles.Count == 0)
            {
                return (null, new TextRef(CommitmentMessages.EvidenceMissing));
            }
            var next = c with { Status = CommitmentStatus.Cumplido, Evidence = evidence };
            return (new(next, [("estado", c.Status.ToString(), next.Status.ToString(), why)]), null);
        });

    /// <summary>Nueva fecha: moves the accountability date and re-derives the reminders.</summary>
    public Task<CommitmentUpdateResult> RescheduleAsync(string id, int? expectedVersion, LocalDate newDate, PersonRef by,
        string? why, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, ct, c =>
        {
            if (!c.IsOpen)
            {
                return (null, new TextRef(c.Status == CommitmentStatus.Cumplido ? CommitmentMessages.DoneNoReschedule : CommitmentMessages.NotActive));
            }
            if (newDate == c.AccountabilityDate)
            {
                return (null, new TextRef(CommitmentMessages.SameDate));
            }
            var next = c with { AccountabilityDate = newDate, Status = CommitmentStatus.Ajustado };
            var changes = new List<(string, string?, string?, string?)>
            {
                ("fecha", CommitmentEntityMapper.FormatDate(c.AccountabilityDate), CommitmentEntityMapper.FormatDate(newDate), why),
            };
            if (c.Status != next.Status)
            {
                changes.Add(("estado", c.Status.ToString(), next.Status.ToString(), why));
            }
            return (new(next, changes), null);
        });

    /// <summary>Vencido: set by the sweep when an "after" reminder finds the commitment still open.</summary>
    public Task<CommitmentUpdateResult> MarkOverdueAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, null, System, ct, c => c.Status is CommitmentStatus.Pendiente or CommitmentStatus.Ajustado
            ? (new(c with { Status = CommitmentStatus.Vencido },
                [("estado", c.Status.ToString(), nameof(CommitmentStatus.Vencido), "fecha de rendición cumplida")]), null)
            : (null, new TextRef(CommitmentMessages.NoChange)));

    /// <summary>
    /// True when every change after version <paramref name="seen"/> was Bitácora's own bookkeeping (the sweep marking
    /// it overdue): a card showing <paramref name="seen"/> is then still a valid basis for a person's change, and
    /// refusing it would only throw away what they typed.
    /// </summary>
    internal async Task<bool> OnlyBookkeepingSinceAsync(Commitment current, int seen, CancellationToken ct)
    {
        if (seen > current.Version)
        {
            return false;
        }
        var later = (await store.GetHistoryAsync(current.Unit, current.Id, ct)).Where(h => h.Version > seen).ToList();
        return later.Count > 0 && later.All(h => h.By.Id == System.Id);
    }

    private sealed record Change(Commitment Next, IReadOnlyList<(string What, string? From, string? To, string? Why)> Entries);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068",
        Justification = "The decision lambda reads best last at the call sites; private.")]
    private async Task<CommitmentUpdateResult> ChangeAsync(string id, int? expectedVersion, PersonRef by, CancellationToken ct,
        Func<Commitment, (Change? Change, TextRef? Rejection)> decide)
    {
        var current = await store.GetAsync(id, ct);
        if (current is null)
        {
            return new CommitmentUpdateResult.NotFound(id);
        }
        if (expectedVersion is { } v && v != current.Version && !await OnlyBookkeepingSinceAsync(current, v, ct))
        {
            return new CommitmentUpdateResult.Conflict(current, expectedVersion);
        }
        var (change, rejection) = decide(current);
        if (change is null)
        {
            return new CommitmentUpdateResult.Rejected(current, rejection ?? new TextRef(CommitmentMessages.NoChange));
        }
        var now = Now;
        var next = change.Next with { Version = current.Version + 1, ETag = current.ETag };
        next = next with { Reminders = await planner.PlanAsync(next, now, ct) };
        if (next.Status == CommitmentStatus.Vencido || (next.IsOpen && current.IsOpen && next.AccountabilityDate == current.AccountabilityDate
                                                        && next.Responsible.Id == current.Responsible.Id))
        {
            // Status-only changes of an open commitment keep the promised reminders (the after ones must still fire);
            // a new date, a new responsible (their working hours) or a resumed one (it had none) re-derives them.
            next = next with { Reminders = current.Reminders };
        }
        await planner.IndexNewAsync(current, next, ct);
        var history = change.Entries.Select(e => new CommitmentChange(id, next.Version, now, by, e.What, e.From, e.To, e.Why)).ToList();
        if (!await store.WriteAsync(current.Unit, [next], history, null, ct))
        {
            var latest = await store.GetAsync(current.Unit, id, ct) ?? current;
            return new CommitmentUpdateResult.Conflict(latest, expectedVersion ?? current.Version);
        }
        var stored = await store.GetAsync(current.Unit, id, ct) ?? next;
        await store.UpdateProjectionsAsync(current, stored, ct);
        await planner.UnindexOldAsync(current, stored, ct);
        return new CommitmentUpdateResult.Updated(stored);
    }
}
