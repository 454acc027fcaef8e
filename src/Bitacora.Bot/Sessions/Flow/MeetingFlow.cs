using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
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
public sealed class MeetingFlow(
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    ScopeDirectory scopes,
    ChileTime clock,
    ISessionCommitmentsSource commitments,
    IEnumerable<ILogbookRecordStarter> recordStarters,
    ILogger<MeetingFlow> logger)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"];

    private sealed record SaveOutcome(int Saved, Dictionary<string, string> Errors, Dictionary<string, string> Typed)
    {
        public static SaveOutcome Empty => new(0, [], []);
    }

    // ---------- start ----------

    public async Task StartCommandAsync(ITurnContext turn, CancellationToken ct)
    {
        if (await ActiveInConversationAsync(turn, ct) is { } active)
        {
            await turn.SendActivityAsync(Activity.CreateCard(AlreadyActiveCard(active)), ct);
            return;
        }
        var choices = await scopes.ListAsync(ct);
        if (choices.Count == 0)
        {
            await turn.SendTextAsync(texts[SessionTexts.StartNoScopes], ct);
            return;
        }
        var form = new StartForm(guides.Guides.Count == 1 ? guides.Guides[0].Id : "", "",
            clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "", "");
        await turn.SendActivityAsync(Activity.CreateCard(cards.Start(form, choices, null)), ct);
    }

    public async Task<CardActionResult> CreateAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (await ActiveInConversationAsync(ctx.Turn, ct) is { } active)
        {
            return new ReplaceCard(AlreadyActiveCard(active));
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
            return new ReplaceCard(cards.Start(form, await scopes.ListAsync(ct), notice));
        }

        if (guide!.IsLogbook && recordStarters.FirstOrDefault() is { } logbook)
        {
            return await logbook.StartRecordAsync(ctx, guide, scope!, date, form, ct);
        }
        var session = await sessions.StartAsync(new StartSession(scope!.Territory, guide!.Id, guide.Version, SessionPeriods.ForDate(date),
            date, form.Objective, form.Strategy, ParticipantOf(ctx.Turn), ctx.Turn.Activity.Conversation?.Id, scope.Unit), ct);
        logger.LogInformation("Session {SessionId} N°{Number} started in {ConversationId}", session.Id, session.Number, session.ConversationId);
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
        if (index == session!.CurrentSectionIndex)
        {
            return new ReplaceCard(await SectionCardAsync(session, guide, index, Feedback(saved), ct));
        }
        return new ReplaceCard(await CurrentCardAsync(session, guide, MovedOnNotice(section, saved), ct));
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
        return await AfterUpdateAsync(result, guide, null, ct);
    }

    public async Task<CardActionResult> PauseAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var result = await sessions.PauseAsync(session!.Id, CardVersion(ctx), ct);
        return await AfterUpdateAsync(result, guide!, texts[SessionTexts.PausedNotice], ct);
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
        return await AfterUpdateAsync(result, guide!, texts[SessionTexts.ResumeResumed], ct);
    }

    public async Task<CardActionResult> FinishAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var result = await sessions.FinishAsync(session!.Id, CardVersion(ctx), ct);
        if (result.Status == SessionUpdateStatus.Updated)
        {
            logger.LogInformation("Session {SessionId} finished", session.Id);
            return new ReplaceCard(await SummaryCardAsync(result.Session!, guide!, null, ct));
        }
        return await AfterUpdateAsync(result, guide!, null, ct);
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
        var current = answers.GetAnswersAsync(session.Id, ct);
        var history = answers.GetAllHistoryAsync(session.Id, ct);
        var people = sessions.GetParticipantsAsync(session.Id, ct);
        await Task.WhenAll(current, history, people);
        return cards.Section(new SectionView(session, guide, sectionIndex, current.Result, history.Result, people.Result), feedback);
    }

    public async Task<JsonObject> SummaryCardAsync(Session session, Guide guide, string? notice, CancellationToken ct)
    {
        var current = answers.GetAnswersAsync(session.Id, ct);
        var people = sessions.GetParticipantsAsync(session.Id, ct);
        var lines = commitments.ListAsync(session.Id, ct);
        await Task.WhenAll(current, people, lines);
        return cards.Summary(SessionSummary.Build(session, guide, current.Result, people.Result), lines.Result, notice);
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
    private async Task<(Session? Session, Guide? Guide, CardActionResult? Refusal)> LoadAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (ctx.GetString("sessionId") is not { Length: > 0 } sessionId) return (null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        var session = await sessions.GetAsync(sessionId, ct);
        if (session is null) return (null, null, new Refused(texts[SessionTexts.RefuseNoSession]));
        if (session.ConversationId != ctx.Turn.Activity.Conversation?.Id)
        {
            logger.LogWarning("Click on session {SessionId} from conversation {ConversationId}", sessionId, ctx.Turn.Activity.Conversation?.Id);
            return (null, null, new Refused(texts[SessionTexts.RefuseOtherConversation]));
        }
        if (guides.FindForMeeting(session.GuideId) is not { } guide) return (null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        if (session.Status == SessionStatus.Finished) return (null, null, new Refused(texts.Format(SessionTexts.RefuseFinished, session.Number)));
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
        if (saved.Errors.Count > 0 && index == session.CurrentSectionIndex)
        {
            var feedback = Feedback(saved) with { Notice = texts[SessionTexts.AnswerStopped] + " " + Feedback(saved).Notice };
            return new ReplaceCard(await SectionCardAsync(session, guide, index, feedback, ct));
        }
        return null;
    }

    private async Task<CardActionResult> AfterUpdateAsync(SessionUpdateResult result, Guide guide, string? notice, CancellationToken ct)
    {
        switch (result.Status)
        {
            case SessionUpdateStatus.Updated:
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
        if (saved.Errors.Count > 0) notice = texts.Format(SessionTexts.AnswerSomeInvalid, saved.Saved, saved.Errors.Count);
        else if (saved.Saved == 1) notice = texts.Format(SessionTexts.AnswerSavedOne);
        else if (saved.Saved > 1) notice = texts.Format(SessionTexts.AnswerSaved, saved.Saved);
        else notice = texts[SessionTexts.AnswerNothingChanged];
        return new SectionFeedback(notice, saved.Errors.Count > 0, saved.Errors, saved.Typed);
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
    /// Writes the inputs of one section's card that differ from what the card showed ("shown"; without it, from the
    /// stored answer). Valid inputs are saved even when others fail; failures come back with the typed text.
    /// </summary>
    private async Task<SaveOutcome> SaveInputsAsync(CardActionContext ctx, Session session, Guide guide, GuideSection section, CancellationToken ct)
    {
        var outcome = SaveOutcome.Empty;
        var shown = ParseShown(ctx.GetString("shown"));
        var current = (await answers.GetAnswersAsync(session.Id, ct)).ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        var participant = ParticipantOf(ctx.Turn);
        var writes = new List<Func<Task<AnswerWriteResult>>>();
        foreach (var q in section.Questions)
        {
            var existing = current.GetValueOrDefault(q.Id);
            var noteKey = SessionCards.NoteInput(q.Id);
            var noteRaw = RawInput(ctx, noteKey);
            var noteChanged = noteRaw is not null && noteRaw.Trim() != (shown?.GetValueOrDefault(noteKey) ?? existing?.Note ?? "").Trim();
            var note = noteChanged ? noteRaw : existing?.Note;

            void Fail(string error, params string[] keys)
            {
                outcome.Errors[q.Id] = error;
                foreach (var key in keys.Append(noteKey))
                {
                    if (RawInput(ctx, key) is { } typed) outcome.Typed[key] = typed;
                }
            }

            if (q.Kind == QuestionKind.Table)
            {
                var cellKeys = q.Columns.ToDictionary(c => c.Id, c => SessionCards.CellInput(q.Id, c.Id));
                var cells = cellKeys.ToDictionary(kv => kv.Key, kv => RawInput(ctx, kv.Value));
                if (cells.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    var (row, error) = AnswerRules.ParseRow(q, cells);
                    if (error is not null)
                    {
                        Fail(texts.Format(error), [.. cellKeys.Values]);
                        continue;
                    }
                    writes.Add(() => answers.AddTableRowAsync(session.Id, q.Id, row!, participant, guide.Version, ct));
                }
                if (noteChanged)
                {
                    if (existing is null && cells.Values.All(string.IsNullOrWhiteSpace)) Fail(texts[SessionTexts.AnswerCleared]);
                    else writes.Add(() => answers.ChangeAsync(session.Id, q.Id, e => e?.Value ?? new TableAnswer([]), note, participant, guide.Version, ct));
                }
                continue;
            }

            var valueKey = SessionCards.ValueInput(q.Id);
            var raw = RawInput(ctx, valueKey);
            var shownRaw = shown?.GetValueOrDefault(valueKey) ?? (existing is null ? "" : SessionCards.RawValue(existing.Value));
            var valueChanged = raw is not null && Comparable(q, raw) != Comparable(q, shownRaw);
            if (!valueChanged && !noteChanged) continue;
            var value = existing?.Value;
            if (valueChanged)
            {
                if (string.IsNullOrWhiteSpace(raw))
                {
                    if (existing is { Value.IsEmpty: false })
                    {
                        Fail(q.Required ? texts.Format(AnswerRules.Parse(q, "").Error!) : texts[SessionTexts.AnswerCleared], valueKey);
                        continue;
                    }
                }
                else
                {
                    var parsed = AnswerRules.Parse(q, raw);
                    if (!parsed.IsValid)
                    {
                        Fail(texts.Format(parsed.Error!), valueKey);
                        continue;
                    }
                    value = parsed.Value;
                }
            }
            if (value is null)
            {
                if (noteChanged) Fail(texts.Format(AnswerRules.Parse(q with { Required = true }, "").Error!), valueKey);
                continue;
            }
            var answerValue = value;
            writes.Add(() => answers.ChangeAsync(session.Id, q.Id, _ => answerValue, note, participant, guide.Version, ct));
        }

        var saved = 0;
        foreach (var write in writes)
        {
            var result = await write();
            if (result.Outcome != VersionedWriteOutcome.Unchanged) saved++;
        }
        return outcome with { Saved = saved };
    }

    private static string Comparable(GuideQuestion question, string raw)
    {
        var text = raw.Trim();
        return question.Kind == QuestionKind.MultiChoice
            ? string.Join(",", text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal))
            : text;
    }

    private static Dictionary<string, string>? ParseShown(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? CardVersion(CardActionContext ctx) =>
        long.TryParse(ctx.GetString("version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>An input's value as sent (null when the card did not send it: "unchanged").</summary>
    private static string? RawInput(CardActionContext ctx, string key) => ctx.Data[key] is null ? null : ctx.GetString(key);

    private static string Input(CardActionContext ctx, string key) => ctx.GetString(key)?.Trim() ?? "";

    public static Participant ParticipantOf(ITurnContext turn)
    {
        var from = turn.Activity.From;
        var id = from?.AadObjectId is { Length: > 0 } aad ? aad : from?.Id ?? "desconocido";
        return new Participant(id, string.IsNullOrWhiteSpace(from?.Name) ? id : from.Name);
    }
}
