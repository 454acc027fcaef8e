using Bitacora.Bot.Commitments.Chat;
using NodaTime;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Applies an approved request: each affected commitment gets its decision (ajustar / reprogramar: new date, reminders
/// recomputed; suspender / eliminar: no reminders), its history rows, the event id; the event row and the request
/// (Aprobada, ETag-guarded) are written in the same entity-group transaction — all or nothing.
/// </summary>
public sealed class ForceMajeureApplier(CommitmentStore store, CommitmentService commitments, IReminderPlanner planner,
    ForceMajeureRequestStore requests, CommitmentTexts texts)
{
    public async Task<ForceMajeureResult> ApproveAsync(ForceMajeureRequest request, IReadOnlyList<ForceMajeureItem> decided, string? note,
        PersonRef by, Instant now, CancellationToken ct)
    {
        var eventId = Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("N");
        var befores = new List<Commitment>();
        var afters = new List<Commitment>();
        var changes = new List<CommitmentChange>();
        var why = texts.Format(ForceMajeureTextKeys.HistoryWhy, texts.ForceMajeure(request.Kind), request.Description);
        var stale = new List<(ForceMajeureItem Item, Commitment Current)>();
        foreach (var item in decided)
        {
            var c = await store.GetAsync(request.Unit, item.CommitmentId, ct);
            if (c is null)
            {
                return new ForceMajeureResult.Refused(request, ForceMajeureTextKeys.RefuseCommitmentGone, item.What);
            }
            if (!c.IsListed)
            {
                return new ForceMajeureResult.Refused(request, ForceMajeureTextKeys.RefuseCommitmentClosed, c.What);
            }
            if (item.SeenVersion != c.Version && !await commitments.OnlyBookkeepingSinceAsync(c, item.SeenVersion, ct))
            {
                stale.Add((item, c));
                continue;
            }
            var next = Decide(c, item) with
            {
                ForceMajeureEventIds = [.. c.ForceMajeureEventIds, eventId],
                ForceMajeureDecision = item.Decision,
                Version = c.Version + 1,
            };
            next = next with { Reminders = await planner.PlanAsync(next, now, ct) };
            changes.AddRange(History(c, next, item, why).Select(h => new CommitmentChange(c.Id, next.Version, now, by, h.What, h.From, h.To, h.Why)));
            befores.Add(c);
            afters.Add(next);
        }
        if (stale.Count > 0)
        {
            return await RefreshAsync(request, stale, ct);
        }

        var newDates = afters.Where(a => a.IsOpen).Select(a => a.AccountabilityDate).ToList();
        var evt = new ForceMajeureEvent
        {
            Id = eventId,
            Unit = request.Unit,
            Kind = request.Kind,
            Description = request.Description,
            DocumentationLink = request.DocumentationLink,
            DocumentationText = request.DocumentationText,
            StartDate = request.StartDate,
            EndDate = request.EndDate,
            NewDate = newDates.Count > 0 ? newDates.Max() : null,
            CommitmentIds = afters.Select(a => a.Id).ToList(),
            RecordedBy = request.RequestedBy,
            RecordedAt = request.RequestedAt,
            RequestId = request.Id,
            ApprovedBy = by,
        };
        var approved = request with
        {
            Status = ForceMajeureRequestStatus.Aprobada,
            Items = decided,
            EventId = eventId,
            Steps = [.. request.Steps, new ForceMajeureStep(now, by, ForceMajeureService.Steps.Approved, note)],
            Version = request.Version + 1,
        };
        for (var i = 0; i < afters.Count; i++)
        {
            await planner.IndexNewAsync(befores[i], afters[i], ct);
        }
        if (!await store.WriteAsync(request.Unit, afters, changes, evt, ct, [ForceMajeureRequestStore.ReplaceAction(approved)]))
        {
            // Someone changed the request or a commitment in the meantime: nothing was written; show what is there now.
            var current = await requests.GetAsync(request.Unit, request.Id, ct) ?? request;
            return current.Version != request.Version
                ? new ForceMajeureResult.StaleRequest(current)
                : await RefreshAsync(current, await ChangedSinceAsync(current, befores, ct), ct);
        }
        for (var i = 0; i < afters.Count; i++)
        {
            var stored = await store.GetAsync(request.Unit, afters[i].Id, ct) ?? afters[i];
            await store.UpdateProjectionsAsync(befores[i], stored, ct);
            await planner.UnindexOldAsync(befores[i], stored, ct);
        }
        return new ForceMajeureResult.Done((await requests.GetAsync(request.Unit, request.Id, ct))!);
    }

    private static Commitment Decide(Commitment c, ForceMajeureItem item) => item.Decision switch
    {
        ForceMajeureDecision.Ajustar => c with
        {
            AccountabilityDate = item.NewDate ?? c.AccountabilityDate,
            What = string.IsNullOrWhiteSpace(item.NewWhat) ? c.What : item.NewWhat,
            Status = CommitmentStatus.Ajustado,
        },
        ForceMajeureDecision.Reprogramar => c with { AccountabilityDate = item.NewDate ?? c.AccountabilityDate, Status = CommitmentStatus.Ajustado },
        ForceMajeureDecision.Suspender => c with { Status = CommitmentStatus.Suspendido },
        _ => c with { Status = CommitmentStatus.Eliminado },
    };

    private static IEnumerable<(string What, string? From, string? To, string? Why)> History(Commitment before, Commitment after,
        ForceMajeureItem item, string why)
    {
        yield return ("fuerza mayor", null, item.Decision.ToString(), why);
        if (after.AccountabilityDate != before.AccountabilityDate)
        {
            yield return ("fecha", CommitmentEntityMapper.FormatDate(before.AccountabilityDate), CommitmentEntityMapper.FormatDate(after.AccountabilityDate), why);
        }
        if (after.What != before.What)
        {
            yield return ("qué", before.What, after.What, why);
        }
        if (after.Status != before.Status)
        {
            yield return ("estado", before.Status.ToString(), after.Status.ToString(), why);
        }
    }

    /// <summary>Commitments that changed since the request saw them (a lost transaction): re-read to name them.</summary>
    private async Task<List<(ForceMajeureItem, Commitment)>> ChangedSinceAsync(ForceMajeureRequest request, List<Commitment> seen,
        CancellationToken ct)
    {
        var result = new List<(ForceMajeureItem, Commitment)>();
        foreach (var before in seen)
        {
            if (await store.GetAsync(request.Unit, before.Id, ct) is { } now && now.ETag != before.ETag
                && request.Items.FirstOrDefault(i => i.CommitmentId == before.Id) is { } item)
            {
                result.Add((item, now));
            }
        }
        return result;
    }

    /// <summary>
    /// An affected commitment changed since the request saw it: nothing is applied; the request takes the commitments'
    /// current versions (a new request version), so the reviewer, now shown the current state, can approve again.
    /// </summary>
    private async Task<ForceMajeureResult> RefreshAsync(ForceMajeureRequest request, IReadOnlyList<(ForceMajeureItem Item, Commitment Current)> stale,
        CancellationToken ct)
    {
        if (stale.Count == 0)
        {
            return new ForceMajeureResult.StaleRequest(request);
        }
        var refreshed = request with
        {
            Items = request.Items.Select(i => stale.FirstOrDefault(s => s.Item.CommitmentId == i.CommitmentId) is { Current: { } c }
                ? i with { SeenVersion = c.Version, What = c.What }
                : i).ToList(),
            Version = request.Version + 1,
        };
        var current = await requests.ReplaceAsync(refreshed, ct)
            ? await requests.GetAsync(request.Unit, request.Id, ct) ?? refreshed
            : await requests.GetAsync(request.Unit, request.Id, ct) ?? request;
        return new ForceMajeureResult.StaleCommitment(current, stale[0].Current);
    }
}
