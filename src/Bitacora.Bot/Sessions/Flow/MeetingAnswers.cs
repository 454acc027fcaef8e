using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>What saving a card's inputs did, and the section as it is now (no re-read needed to show it).</summary>
/// <param name="Redelivered">The click had already saved (Teams delivered it again): nothing was written this time.</param>
internal sealed record SaveOutcome(int Saved, InputPlan Plan, AnswerSnapshot? Snapshot, AnswerBatchResult? Written, bool Redelivered = false)
{
    public IReadOnlyDictionary<string, string> Errors => Plan.Errors;

    public SectionView View(Session session, Guide guide, int index) => new(session, guide, index,
        Written?.Answers ?? Snapshot?.Answers ?? new Dictionary<string, Answer>(), Written?.Tally ?? Snapshot?.Tally ?? SessionTally.Empty);
}

/// <summary>
/// «Guardar respuestas», and the save that navigation, pause and finish do first: only the inputs that differ from what
/// the card showed are written (<see cref="SectionInputs"/>), in one transaction; the person who saved gets the new
/// card, everybody else the status message (their card, and what they are typing in it, is left alone).
/// </summary>
public sealed class MeetingAnswers(
    AnswerRepository answers,
    SectionInputs inputs,
    SessionCards cards,
    SessionTexts texts,
    StatusMessages status,
    MeetingCards meetingCards,
    SessionClicks clicks,
    SessionReadAhead readAhead,
    Microsoft.Extensions.Options.IOptions<SessionOptions> sessionOptions)
{
    public async Task<CardActionResult> AnswerAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (guide!.FindSection(ctx.GetString("sectionId") ?? "") is not { } section) return new Refused(texts[SessionTexts.RefuseBadCard]);
        var saved = await SaveInputsAsync(ctx, session!, guide, section, AnswerClickGuard.OperationId(ctx.Turn.Activity), ct);
        var index = guide.IndexOfSection(section.Id);
        RefreshStatus(ctx, session!, saved);
        // Only the person who saved gets a new card: everyone else keeps theirs (and what they are typing in it) and
        // sees the progress in the status message. Clients without Universal Actions get a card only when something
        // needs their attention (errors, conflicts).
        var attention = saved.Errors.Count > 0 || saved.Plan.Conflicts.Count > 0;
        if (index == session!.CurrentSectionIndex)
        {
            return new ShowCard(cards.Section(saved.View(session, guide, index), Feedback(saved)), attention);
        }
        return new ShowCard(await meetingCards.CurrentCardAsync(session, guide, MovedOnNotice(section, saved), ct), attention);
    }

    /// <summary>
    /// Navigation, pause and finish first save what the card holds. When that card is the current one and an input is
    /// wrong, the move stops and the card comes back with the errors (nothing typed is lost).
    /// </summary>
    public async Task<CardActionResult?> SaveBeforeMovingAsync(CardActionContext ctx, Session session, Guide guide, CancellationToken ct)
    {
        if (guide.FindSection(ctx.GetString("sectionId") ?? "") is not { } section) return null;
        var saved = await SaveInputsAsync(ctx, session, guide, section, operationId: null, ct);
        var index = guide.IndexOfSection(section.Id);
        if ((saved.Errors.Count > 0 || saved.Plan.Conflicts.Count > 0) && index == session.CurrentSectionIndex)
        {
            var feedback = Feedback(saved) with { Notice = texts[SessionTexts.AnswerStopped] + " " + Feedback(saved).Notice };
            return new ReplaceCard(cards.Section(saved.View(session, guide, index), feedback));
        }
        return null;
    }

    private void RefreshStatus(CardActionContext ctx, Session session, SaveOutcome saved)
    {
        if (saved.Written is not { Written.Count: > 0 } written) return;
        var at = written.Written.Select(q => written.Answers[q].AnsweredAt).Max();
        status.Refresh(ctx.Turn, session, new LastSave(SessionClicks.ParticipantOf(ctx.Turn), written.Written.Count, at));
    }

    private SectionFeedback Feedback(SaveOutcome saved)
    {
        string notice;
        if (saved.Plan.Conflicts.Count > 0) notice = texts.Format(SessionTexts.AnswerConflicts, saved.Plan.Conflicts.Count)
                + (saved.Saved > 0 ? " " + texts.Plural(SessionTexts.AnswerSaved, saved.Saved) : "");
        else if (saved.Errors.Count > 0) notice = texts.Format(SessionTexts.AnswerSomeInvalid, saved.Saved, saved.Errors.Count);
        else if (saved.Saved > 0) notice = texts.Plural(SessionTexts.AnswerSaved, saved.Saved);
        else if (saved.Redelivered) notice = texts[SessionTexts.AnswerAlreadySaved];
        else notice = texts[SessionTexts.AnswerNothingChanged];
        return new SectionFeedback(notice, saved.Errors.Count > 0 || saved.Plan.Conflicts.Count > 0, saved.Errors, saved.Plan.Typed)
        {
            Conflicts = saved.Plan.Conflicts,
        };
    }

    private SectionFeedback MovedOnNotice(GuideSection cardSection, SaveOutcome saved)
    {
        var savedText = saved.Saved > 0 ? texts.Format(SessionTexts.StaleSavedFrom, cardSection.Title) : "";
        var notice = texts.Format(SessionTexts.StaleMovedOn, savedText);
        if (saved.Errors.Count > 0)
        {
            notice += " " + texts.Format(SessionTexts.AnswerSomeInvalid, saved.Saved, saved.Errors.Count)
                      + " " + string.Join(" ", saved.Errors.Values);
        }
        return SectionFeedback.Note(notice, true);
    }

    /// <summary>
    /// Writes what changed on one section's card in one transaction (see <see cref="SectionInputs"/>): one query for the
    /// section and the tally (started ahead), one transaction; a lost race re-reads and re-plans. Valid inputs are saved even when
    /// others fail; failures and conflicts come back with the typed text. With <paramref name="operationId"/> (an answer
    /// click, <see cref="AnswerClickGuard"/>) the save is recorded under the click's id; a redelivered click finds it and
    /// writes nothing, but its card still shows what could not be saved the first time, with the typed text.
    /// </summary>
    private async Task<SaveOutcome> SaveInputsAsync(CardActionContext ctx, Session session, Guide guide, GuideSection section, string? operationId,
        CancellationToken ct)
    {
        var participant = SessionClicks.ParticipantOf(ctx.Turn);
        string[] questionIds = [.. section.Questions.Select(q => q.Id)];
        for (var attempt = 1; ; attempt++)
        {
            // The first read was started as the click arrived (SessionReadAhead); a retry reads storage as it is now.
            var snapshot = await readAhead.SectionAsync(ctx.Turn, session.Id, questionIds, operationId, ct);
            var plan = await inputs.PlanAsync(ctx.Data, section, snapshot, ct);
            if (snapshot.AppliedQuestions is { } applied)
            {
                // A redelivery: what the click saved is saved (maybe changed by someone since: the card shows it); what
                // it could not save (errors, conflicts) comes back as the first time, with the typed text.
                plan.Changes.Clear();
                foreach (var questionId in applied)
                {
                    plan.Conflicts.Remove(questionId);
                    plan.Typed.Remove(SessionCards.ValueInput(questionId));
                    plan.Typed.Remove(SessionCards.NoteInput(questionId));
                }
                return new SaveOutcome(0, plan, snapshot, null, Redelivered: true);
            }
            if (plan.Changes.Count == 0) return new SaveOutcome(0, plan, snapshot, null);
            var written = await answers.TryWriteAsync(snapshot, plan.Changes, participant, guide.Version, ct);
            if (written is not null) return new SaveOutcome(written.Written.Count, plan, snapshot, written);
            if (attempt >= sessionOptions.Value.MaxWriteAttempts)
            {
                throw new ConcurrencyLimitException($"Could not save section {section.Id} of {session.Id}.", new InvalidOperationException("conflict"));
            }
            await VersionedRows.Backoff(attempt, ct);
        }
    }
}
