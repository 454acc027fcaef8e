using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The meeting flow behind the commands and card buttons: start, answer, navigate, pause, resume, finish.
/// Rules for clicks (see Sessions/Flow/README.md): a card of a session that does not exist, or clicked from another
/// conversation, is refused and nothing is written; a finished session refuses; answers typed on an older card of a
/// session that is still open are saved (only the inputs that differ from what that card showed), and the reply is
/// the session's current card.
/// </summary>
public sealed partial class MeetingFlow(
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    ScopeDirectory scopes,
    ChileTime clock,
    ISessionCommitmentsSource commitments,
    SectionInputs inputs,
    StatusMessages status,
    Microsoft.Extensions.Options.IOptions<SessionOptions> sessionOptions,
    IEnumerable<ILogbookRecordStarter> recordStarters,
    ISessionAttendance attendance,
    ILogger<MeetingFlow> logger)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"];

    /// <summary>What saving a card's inputs did, and the section as it is now (no re-read needed to show it).</summary>
    private sealed record SaveOutcome(int Saved, InputPlan Plan, AnswerSnapshot? Snapshot, AnswerBatchResult? Written)
    {
        public IReadOnlyDictionary<string, string> Errors => Plan.Errors;

        public SectionView View(Session session, Guide guide, int index) => new(session, guide, index,
            Written?.Answers ?? Snapshot?.Answers ?? new Dictionary<string, Answer>(), Written?.Tally ?? Snapshot?.Tally ?? SessionTally.Empty);
    }

    // ---------- start ----------

    public async Task StartCommandAsync(ITurnContext turn, CancellationToken ct)
    {
        if (await ActiveInConversationAsync(turn, ct) is { } active)
        {
            await turn.SendActivityAsync(Activity.CreateCard(AlreadyActiveCard(active)), ct);
            return;
        }
        var choices = await scopes.ListAsync(await OwnTerritoriesAsync(turn, ct), ct);
        if (choices.Count == 0)
        {
            await turn.SendTextAsync(texts[SessionTexts.StartNoScopes], ct);
            return;
        }
        var form = new StartForm(guides.Guides.Count == 1 ? guides.Guides[0].Id : "", "",
            clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", "");
        await turn.SendActivityAsync(Activity.CreateCard(await StartCardAsync(turn, form, choices, null, null, ct)), ct);
    }

    /// <summary>The start card with the attendance inputs (Attendance/) appended to its form.</summary>
    private async Task<JsonObject> StartCardAsync(ITurnContext turn, StartForm form, IReadOnlyList<ScopeChoice> choices, string? notice,
        JsonObject? typed, CancellationToken ct)
    {
        var card = cards.Start(form, choices, notice);
        var elements = await attendance.StartCardElementsAsync(turn, typed, ct);
        if (elements.Count > 0 && card["body"] is JsonArray body)
        {
            foreach (var element in elements) body.Add(element);
        }
        return card;
    }

    /// <summary>The territories the sender belongs to or coordinates: listed first on the start card (the identity is
    /// already resolved for the turn by the gate, so this reads nothing).</summary>
    private static async Task<IReadOnlyCollection<string>> OwnTerritoriesAsync(ITurnContext turn, CancellationToken ct)
    {
        var person = (await turn.GetIdentityAsync(ct)).Person;
        return person is null ? [] : [.. person.Territories, .. person.Roles.CoordinatedTerritories];
    }

    public async Task<CardActionResult> CreateAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (await ActiveInConversationAsync(ctx.Turn, ct) is { } active)
        {
            return await JoinRunningAsync(ctx, active, ct);
        }
        var form = new StartForm(Input(ctx, "guideId"), Input(ctx, "scopeId"), Input(ctx, "date"), Input(ctx, "objective"), Input(ctx, "strategy"));
        var problems = new List<string>();
        var guide = form.GuideId.Length == 0 ? null : guides.Find(form.GuideId);
        if (guide is null) problems.Add(texts[SessionTexts.StartMissingGuide]);
        ResolvedScope? scope = null;
        if (form.ScopeId.Length == 0)
        {
            problems.Add(texts[SessionTexts.StartMissingScope]);
        }
        else if ((scope = await scopes.ResolveAsync(form.ScopeId, ct)) is null)
        {
            problems.Add(texts[SessionTexts.StartUnknownScope]);
        }
        var date = clock.Today;
        if (form.Date.Length > 0 && !DateOnly.TryParseExact(form.Date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problems.Add(texts.Format(SessionTexts.StartBadDate, form.Date));
        }
        if (form.Objective.Length == 0) problems.Add(texts[SessionTexts.StartMissingObjective]);
        if (problems.Count > 0)
        {
            var notice = texts.Format(SessionTexts.StartFixBelow, string.Join(" ", problems));
            return new ReplaceCard(await StartCardAsync(ctx.Turn, form, await scopes.ListAsync(await OwnTerritoriesAsync(ctx.Turn, ct), ct), notice, ctx.Data, ct));
        }

        // Two people pressing «Comenzar» at once: one claims the conversation, the other joins that session.
        var claimed = await ClaimConversationAsync(ctx, ct);
        if (claimed.Refusal is not null) return claimed.Refusal;
        try
        {
            return await StartClaimedAsync(ctx, guide!, scope!, date, form with { Claim = claimed.Claim }, ct);
        }
        catch when (claimed.Claim is not null)
        {
            await sessions.ReleaseClaimAsync(claimed.Claim, CancellationToken.None);
            throw;
        }
    }

    private async Task<CardActionResult> StartClaimedAsync(CardActionContext ctx, Guide guide, ResolvedScope scope, DateOnly date, StartForm form, CancellationToken ct)
    {
        if (guide.IsLogbook && recordStarters.FirstOrDefault() is { } logbook)
        {
            var started = await logbook.StartRecordAsync(ctx, guide, scope, date, form, ct);
            if (ctx.Turn.Activity.Conversation?.Id is { } conversation && await sessions.GetCurrentForConversationAsync(conversation, ct) is { } record)
            {
                await attendance.SessionStartedAsync(ctx.Turn, record, ctx.Data, ct);
            }
            return started;
        }
        var session = await sessions.StartAsync(new StartSession(scope.Territory, guide.Id, guide.Version, SessionPeriods.ForDate(date),
            date, form.Objective, form.Strategy, ParticipantOf(ctx.Turn), ctx.Turn.Activity.Conversation?.Id, scope.Unit, Claim: form.Claim), ct);
        await answers.InitializeAsync(session.Id, ct);
        await attendance.SessionStartedAsync(ctx.Turn, session, ctx.Data, ct);
        logger.LogInformation("Session {SessionId} N°{Number} started in {ConversationId}", session.Id, session.Number, session.ConversationId);
        // The status message everyone sees change while people answer is posted right after (not on this click's path).
        status.Refresh(ctx.Turn, session, null);
        return new ReplaceCard(await SectionCardAsync(session, guide, session.CurrentSectionIndex,
            SectionFeedback.Note(texts.Format(SessionTexts.StartCreated, session.Number)), ct));
    }

    // ---------- answer and move ----------

    public async Task<CardActionResult> AnswerAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (guide!.FindSection(ctx.GetString("sectionId") ?? "") is not { } section) return new Refused(texts[SessionTexts.RefuseBadCard]);
        var saved = await SaveInputsAsync(ctx, session!, guide, section, ct);
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
        return new ShowCard(await CurrentCardAsync(session, guide, MovedOnNotice(section, saved), ct), attention);
    }

    public async Task<CardActionResult> NavigateAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var targetId = ctx.GetString("to") is { Length: > 0 } to ? to : ctx.GetString("goto") ?? "";
        var target = guide!.IndexOfSection(targetId);
        if (target < 0)
        {
            return new ReplaceCard(await CurrentCardAsync(session!, guide, SectionFeedback.Note(texts[SessionTexts.NavigateUnknownSection], true), ct));
        }
        var result = await sessions.GoToSectionAsync(session!.Id, CardVersion(ctx), target, guide.Sections.Length, ct);
        return await AfterUpdateAsync(ctx.Turn, result, guide, null, ct);
    }

    public async Task<CardActionResult> PauseAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var result = await sessions.PauseAsync(session!.Id, CardVersion(ctx), ct);
        return await AfterUpdateAsync(ctx.Turn, result, guide!, texts[SessionTexts.PausedNotice], ct);
    }

    public async Task<CardActionResult> ResumeAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (session!.Status == SessionStatus.Active)
        {
            return new ReplaceCard(await CurrentCardAsync(session, guide!, SectionFeedback.None, ct));
        }
        var result = await sessions.ResumeAsync(session.Id, null, session.ConversationId, ct);
        return await AfterUpdateAsync(ctx.Turn, result, guide!, texts[SessionTexts.ResumeResumed], ct);
    }

    /// <summary>The session's current card, for the person who asked only (e.g. «Volver a la sección»); writes nothing.</summary>
    public async Task<CardActionResult> ViewAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        return new ShowCard(await CurrentCardAsync(session!, guide!, SectionFeedback.None, ct));
    }

    /// <summary>«Ver completo»: one question with its whole answer, for the person who asked only.</summary>
    public async Task<CardActionResult> DetailAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (guide!.FindSection(ctx.GetString("sectionId") ?? "") is not { } section
            || section.Questions.FirstOrDefault(q => q.Id == ctx.GetString("questionId")) is not { } question)
        {
            return new Refused(texts[SessionTexts.RefuseBadCard]);
        }
        var snapshot = await answers.ReadAsync(session!.Id, [.. section.Questions.Select(q => q.Id)], ct);
        return new ShowCard(cards.Question(new SectionView(session, guide, guide.IndexOfSection(section.Id), snapshot.Answers, snapshot.Tally), question, null));
    }

    public async Task ResumeCommandAsync(ITurnContext turn, CancellationToken ct)
    {
        var session = await ActiveInConversationAsync(turn, ct);
        if (session is null || guides.FindForMeeting(session.GuideId) is not { } guide)
        {
            await turn.SendTextAsync(texts[SessionTexts.ResumeNone], ct);
            return;
        }
        if (session.Status == SessionStatus.Paused)
        {
            var resumed = await sessions.ResumeAsync(session.Id, null, session.ConversationId, ct);
            session = resumed.Session ?? session;
        }
        await sessions.AddParticipantAsync(session.Id, ParticipantOf(turn), ct);
        var card = await CurrentCardAsync(session, guide, SectionFeedback.Note(texts[SessionTexts.ResumeResumed]), ct);
        await turn.SendActivityAsync(Activity.CreateCard(card), ct);
    }

    // ---------- cards ----------

    public async Task<JsonObject> SectionCardAsync(Session session, Guide guide, int sectionIndex, SectionFeedback feedback, CancellationToken ct)
    {
        var section = guide.Sections[Math.Clamp(sectionIndex, 0, guide.Sections.Length - 1)];
        var snapshot = await answers.ReadAsync(session.Id, [.. section.Questions.Select(q => q.Id)], ct);
        return cards.Section(new SectionView(session, guide, sectionIndex, snapshot.Answers, snapshot.Tally), feedback);
    }

    public async Task<JsonObject> SummaryCardAsync(Session session, Guide guide, string? notice, CancellationToken ct)
    {
        var current = answers.GetAnswersAsync(session.Id, ct);
        var people = sessions.GetParticipantsAsync(session.Id, ct);
        var lines = commitments.ListAsync(session.Id, ct);
        var present = attendance.PresentNamesAsync(session.Id, ct);
        await Task.WhenAll(current, people, lines, present);
        return cards.Summary(SessionSummary.Build(session, guide, current.Result, people.Result), lines.Result, notice, present.Result);
    }

    /// <summary>The card that stands for the session now: its current section, or the summary once finished.</summary>
    private Task<JsonObject> CurrentCardAsync(Session session, Guide guide, SectionFeedback feedback, CancellationToken ct) =>
        session.Status == SessionStatus.Finished
            ? SummaryCardAsync(session, guide, feedback.Notice, ct)
            : SectionCardAsync(session, guide, session.CurrentSectionIndex,
                session.Status == SessionStatus.Paused && feedback.Notice is null ? SectionFeedback.Note(texts[SessionTexts.PausedNotice]) : feedback, ct);

    private JsonObject AlreadyActiveCard(Session active) =>
        cards.AlreadyActive(active, texts.Format(SessionTexts.StartAlreadyActive, cards.Title(active, guides.FindForMeeting(active.GuideId))));

    // ---------- helpers ----------

    private async Task<Session?> ActiveInConversationAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId) return null;
        var session = await sessions.GetCurrentForConversationAsync(conversationId, ct);
        return session is { Status: not SessionStatus.Finished } ? session : null;
    }

    /// <summary>The session named by the card, if this click may touch it; otherwise the refusal to show.</summary>
    private async Task<(Session? Session, Guide? Guide, CardActionResult? Refusal)> LoadAsync(CardActionContext ctx, CancellationToken ct, bool allowFinished = false)
    {
        if (ctx.GetString("sessionId") is not { Length: > 0 } sessionId) return (null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        // The router's gate already loaded the session to check its scope; reuse it instead of a second read.
        var session = ctx.Access.TargetAs<Session>() is { } checkedSession && checkedSession.Id == sessionId
            ? checkedSession
            : await sessions.GetAsync(sessionId, ct);
        if (session is null) return (null, null, new Refused(texts[SessionTexts.RefuseNoSession]));
        if (session.ConversationId != ctx.Turn.Activity.Conversation?.Id)
        {
            logger.LogWarning("Click on session {SessionId} from conversation {ConversationId}", sessionId, ctx.Turn.Activity.Conversation?.Id);
            return (null, null, new Refused(texts[SessionTexts.RefuseOtherConversation]));
        }
        if (guides.FindForMeeting(session.GuideId) is not { } guide) return (null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        if (session.Status == SessionStatus.Finished && !allowFinished) return (null, null, new Refused(texts.Format(SessionTexts.RefuseFinished, session.Number)));
        await sessions.AddParticipantAsync(session.Id, ParticipantOf(ctx.Turn), ct);
        return (session, guide, null);
    }

    /// <summary>
    /// Navigation, pause and finish first save what the card holds. When that card is the current one and an input is
    /// wrong, the move stops and the card comes back with the errors (nothing typed is lost).
    /// </summary>
    private async Task<CardActionResult?> SaveBeforeMovingAsync(CardActionContext ctx, Session session, Guide guide, CancellationToken ct)
    {
        if (guide.FindSection(ctx.GetString("sectionId") ?? "") is not { } section) return null;
        var saved = await SaveInputsAsync(ctx, session, guide, section, ct);
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
        status.Refresh(ctx.Turn, session, new LastSave(ParticipantOf(ctx.Turn), written.Written.Count, at));
    }

    private async Task<CardActionResult> AfterUpdateAsync(ITurnContext turn, SessionUpdateResult result, Guide guide, string? notice, CancellationToken ct)
    {
        switch (result.Status)
        {
            case SessionUpdateStatus.Updated:
                // A change of section (or of the session's state) is what re-sends the shared card for everyone.
                status.Refresh(turn, result.Session!, null);
                return new ReplaceCard(await CurrentCardAsync(result.Session!, guide, SectionFeedback.Note(notice), ct));
            case SessionUpdateStatus.Stale:
                return new ReplaceCard(await CurrentCardAsync(result.Session!, guide,
                    SectionFeedback.Note(texts.Format(SessionTexts.StaleMovedOn, ""), true), ct));
            case SessionUpdateStatus.Rejected:
                return new ReplaceCard(await CurrentCardAsync(result.Session!, guide, SectionFeedback.Note(texts.Format(result.Rejection!), true), ct));
            default:
                return new Refused(texts[SessionTexts.RefuseNoSession]);
        }
    }

    private SectionFeedback Feedback(SaveOutcome saved)
    {
        string notice;
        if (saved.Plan.Conflicts.Count > 0) notice = texts.Format(SessionTexts.AnswerConflicts, saved.Plan.Conflicts.Count)
                + (saved.Saved > 0 ? " " + (saved.Saved == 1 ? texts.Format(SessionTexts.AnswerSavedOne) : texts.Format(SessionTexts.AnswerSaved, saved.Saved)) : "");
        else if (saved.Errors.Count > 0) notice = texts.Format(SessionTexts.AnswerSomeInvalid, saved.Saved, saved.Errors.Count);
        else if (saved.Saved == 1) notice = texts.Format(SessionTexts.AnswerSavedOne);
        else if (saved.Saved > 1) notice = texts.Format(SessionTexts.AnswerSaved, saved.Saved);
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
    /// section and the tally, one transaction; a lost race re-reads and re-plans. Valid inputs are saved even when
    /// others fail; failures and conflicts come back with the typed text.
    /// </summary>
    private async Task<SaveOutcome> SaveInputsAsync(CardActionContext ctx, Session session, Guide guide, GuideSection section, CancellationToken ct)
    {
        var participant = ParticipantOf(ctx.Turn);
        string[] questionIds = [.. section.Questions.Select(q => q.Id)];
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await answers.ReadAsync(session.Id, questionIds, ct);
            var plan = await inputs.PlanAsync(ctx.Data, section, snapshot, ct);
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

    private static long? CardVersion(CardActionContext ctx) =>
        long.TryParse(ctx.GetString("version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Input(CardActionContext ctx, string key) => ctx.GetString(key)?.Trim() ?? "";

    public static Participant ParticipantOf(ITurnContext turn)
    {
        var from = turn.Activity.From;
        var id = from?.AadObjectId is { Length: > 0 } aad ? aad : from?.Id ?? "desconocido";
        return new Participant(id, string.IsNullOrWhiteSpace(from?.Name) ? id : from.Name);
    }
}
