using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Commitments;

/// <summary>Editing, reassigning and cancelling (the territorial team's corrections): the same version checks as every change.</summary>
public sealed partial class CommitmentService
{
    /// <summary>
    /// Corrects what, the date and/or the unit. A new date re-derives the reminders (an overdue commitment whose new
    /// date is still ahead is pending again); a new unit moves the commitment (and its history) to that unit.
    /// </summary>
    /// <param name="today">Today where the commitment is kept (America/Santiago): an overdue one moved to today or later reopens.</param>
    public async Task<CommitmentUpdateResult> EditAsync(string id, int? expectedVersion, CommitmentEdit edit, PersonRef by,
        NodaTime.LocalDate today, CancellationToken ct)
    {
        if (edit.Unit is { } unit && await store.GetAsync(id, ct) is { } current && current.Unit != unit)
        {
            return await MoveAsync(current, expectedVersion, edit, by, today, ct);
        }
        return await ChangeAsync(id, expectedVersion, by, ct, c => Edited(c, edit, today));
    }

    /// <summary>Reassigns the commitment: its reminders go to the new responsible from now on (re-derived with their hours).</summary>
    public Task<CommitmentUpdateResult> ReassignAsync(string id, int? expectedVersion, PersonRef responsible, string? why, PersonRef by,
        CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, ct, c =>
        {
            if (!c.IsOpen)
            {
                return (null, new TextRef(CommitmentMessages.ClosedNoChange));
            }
            if (c.Responsible.IsOneOf(responsible.Keys))
            {
                return (null, new TextRef(CommitmentMessages.SameResponsible));
            }
            return (new(c with { Responsible = responsible }, [("responsable", c.Responsible.Name, responsible.Name, why)]), null);
        });

    /// <summary>Cancels the commitment with a reason: closed, no more reminders, out of every open list.</summary>
    public Task<CommitmentUpdateResult> CancelAsync(string id, int? expectedVersion, string reason, PersonRef by, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, ct, c =>
        {
            if (!c.IsOpen)
            {
                return (null, new TextRef(CommitmentMessages.ClosedNoChange));
            }
            if (string.IsNullOrWhiteSpace(reason))
            {
                return (null, new TextRef(CommitmentMessages.ReasonMissing));
            }
            var next = c with { Status = CommitmentStatus.Cancelado, CancellationReason = reason };
            return (new(next, [("estado", c.Status.ToString(), next.Status.ToString(), reason)]), null);
        });

    /// <summary>
    /// Resumes a commitment suspended by an approved force-majeure request: Pendiente again with a new accountability
    /// date (the same date is allowed when it is still ahead), and its reminders derived again from that date.
    /// </summary>
    public Task<CommitmentUpdateResult> ResumeAsync(string id, int? expectedVersion, NodaTime.LocalDate newDate, string? why, PersonRef by,
        CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, ct, c =>
        {
            if (c.Status != CommitmentStatus.Suspendido)
            {
                return (null, new TextRef(CommitmentMessages.NotSuspended));
            }
            var next = c with { Status = CommitmentStatus.Pendiente, AccountabilityDate = newDate };
            var entries = new List<(string, string?, string?, string?)>
            {
                ("estado", c.Status.ToString(), next.Status.ToString(), why ?? "reanudado"),
            };
            if (newDate != c.AccountabilityDate)
            {
                entries.Add(("fecha", CommitmentEntityMapper.FormatDate(c.AccountabilityDate), CommitmentEntityMapper.FormatDate(newDate), why ?? "reanudado"));
            }
            return (new(next, entries), null);
        });

    /// <summary>
    /// Adds evidence files (already copied to Blob Storage). Not version-checked: adding evidence never undoes anyone's
    /// change. Open or closed (evidence may follow a «Cumplido»); at most <paramref name="max"/> files per commitment.
    /// </summary>
    public Task<CommitmentUpdateResult> AttachEvidenceAsync(string id, IReadOnlyList<Evidence.EvidenceFile> files, int max, PersonRef by,
        CancellationToken ct) =>
        ChangeAsync(id, null, by, ct, c =>
        {
            var added = files.Where(f => c.EvidenceFiles.All(e => e.FileId != f.FileId)).ToList();
            if (added.Count == 0)
            {
                return (null, new TextRef(CommitmentMessages.NoChange));
            }
            if (c.EvidenceFiles.Count + added.Count > max)
            {
                return (null, new TextRef(CommitmentMessages.TooManyFiles, max));
            }
            return (new(c with { EvidenceFiles = [.. c.EvidenceFiles, .. added] },
                [("evidencia", null, string.Join("; ", added.Select(f => f.Name)), null)]), null);
        });

    private static (Change?, TextRef?) Edited(Commitment c, CommitmentEdit edit, NodaTime.LocalDate today)
    {
        if (!c.IsOpen)
        {
            return (null, new TextRef(CommitmentMessages.ClosedNoChange));
        }
        var next = c;
        var entries = new List<(string, string?, string?, string?)>();
        if (edit.What is { Length: > 0 } what && what != c.What)
        {
            next = next with { What = what };
            entries.Add(("qué", c.What, what, null));
        }
        if (edit.AccountabilityDate is { } date && date != c.AccountabilityDate)
        {
            next = next with { AccountabilityDate = date };
            entries.Add(("fecha", CommitmentEntityMapper.FormatDate(c.AccountabilityDate), CommitmentEntityMapper.FormatDate(date), "corrección"));
            if (c.Status == CommitmentStatus.Vencido && date >= today)
            {
                next = next with { Status = CommitmentStatus.Pendiente };
                entries.Add(("estado", c.Status.ToString(), next.Status.ToString(), "nueva fecha"));
            }
        }
        if (edit.Unit is { Length: > 0 } unit && unit != c.Unit)
        {
            next = next with { Unit = unit };
            entries.Add(("unidad", c.Unit, unit, null));
        }
        return entries.Count == 0 ? (null, new TextRef(CommitmentMessages.NoChange)) : (new Change(next, entries), null);
    }

    /// <summary>
    /// A new unit is a new partition: the old row is first marked moved (the ETag-guarded step that decides a race),
    /// then the commitment and its whole history are written in the new unit, the id lookup follows, and the old rows
    /// go. A reader between the steps follows the mark (<see cref="CommitmentStore.GetAsync(string, string, CancellationToken)"/>).
    /// </summary>
    private async Task<CommitmentUpdateResult> MoveAsync(Commitment current, int? expectedVersion, CommitmentEdit edit, PersonRef by,
        NodaTime.LocalDate today, CancellationToken ct)
    {
        if (expectedVersion is { } v && v != current.Version && !await OnlyBookkeepingSinceAsync(current, v, ct))
        {
            return new CommitmentUpdateResult.Conflict(current, expectedVersion);
        }
        var (change, rejection) = Edited(current, edit, today);
        if (change is null)
        {
            return new CommitmentUpdateResult.Rejected(current, rejection ?? new TextRef(CommitmentMessages.NoChange));
        }
        var now = Now;
        var next = change.Next with { Version = current.Version + 1, ETag = null };
        next = next with { Reminders = await planner.PlanAsync(next, now, ct) };
        var history = (await store.GetHistoryAsync(current.Unit, current.Id, ct)).ToList();
        history.AddRange(change.Entries.Select(e => new CommitmentChange(current.Id, next.Version, now, by, e.What, e.From, e.To, e.Why)));
        await planner.IndexNewAsync(null, next, ct);
        if (!await store.MoveAsync(current, next, history, ct))
        {
            var latest = await store.GetAsync(current.Id, ct) ?? current;
            return new CommitmentUpdateResult.Conflict(latest, expectedVersion ?? current.Version);
        }
        var stored = await store.GetAsync(next.Unit, next.Id, ct) ?? next;
        await store.UpdateProjectionsAsync(current, stored, ct);
        await planner.UnindexOldAsync(current, current with { Reminders = [] }, ct);
        return new CommitmentUpdateResult.Updated(stored);
    }
}
