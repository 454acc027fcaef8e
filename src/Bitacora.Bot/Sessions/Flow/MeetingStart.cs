using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// «iniciar sesión» and «Comenzar»: the start card (with the attendance inputs), the checks of its form, and one
/// session per conversation even when two people press «Comenzar» at once (the conversation is claimed first; the
/// other person joins that session). A JUNJI guide with a period logbook hands over to <see cref="ILogbookRecordStarter"/>.
/// </summary>
public sealed class MeetingStart(
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    ScopeDirectory scopes,
    ChileTime clock,
    StatusMessages status,
    IEnumerable<ILogbookRecordStarter> recordStarters,
    ISessionAttendance attendance,
    MeetingCards meetingCards,
    SessionClicks clicks,
    ILogger<MeetingStart> logger)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"];

    public async Task StartCommandAsync(ITurnContext turn, CancellationToken ct)
    {
        if (await clicks.ActiveInConversationAsync(turn, ct) is { } active)
        {
            await turn.SendActivityAsync(Activity.CreateCard(meetingCards.AlreadyActiveCard(active)), ct);
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

    public async Task<CardActionResult> CreateAsync(CardActionContext ctx, CancellationToken ct)
    {
        var form = new StartForm(SessionClicks.Input(ctx, "guideId"), SessionClicks.Input(ctx, "scopeId"), SessionClicks.Input(ctx, "date"),
            SessionClicks.Input(ctx, "objective"), SessionClicks.Input(ctx, "strategy"));
        var problems = new List<string>();
        var guide = form.GuideId.Length == 0 ? null : guides.Find(form.GuideId);
        if (guide is null) problems.Add(texts[SessionTexts.StartMissingGuide]);
        ResolvedScope? scope = null;
        if (form.ScopeId.Length == 0)
        {
            problems.Add(texts[SessionTexts.StartMissingScope]);
        }
        // The router's gate resolved the chosen scope to check it (ChosenScopeAsync): reused, not read again.
        else if ((scope = ctx.Access.TargetAs<ResolvedScope>() ?? await scopes.ResolveAsync(form.ScopeId, ct)) is null)
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
            // A session already runs here: join it rather than show the form's problems (the claim below does the
            // same on the happy path, without a read of its own).
            if (await clicks.ActiveInConversationAsync(ctx.Turn, ct) is { } active) return await JoinRunningAsync(ctx, active, ct);
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
            date, form.Objective, form.Strategy, SessionClicks.ParticipantOf(ctx.Turn), ctx.Turn.Activity.Conversation?.Id, scope.Unit, Claim: form.Claim), ct);
        await answers.InitializeAsync(session.Id, ct);
        await attendance.SessionStartedAsync(ctx.Turn, session, ctx.Data, ct);
        logger.LogInformation("Session {SessionId} N°{Number} started in {ConversationId}", session.Id, session.Number, session.ConversationId);
        // The status message everyone sees change while people answer is posted right after (not on this click's path).
        status.Refresh(ctx.Turn, session, null);
        // A session just created has no answers and an empty tally: its first card needs no read.
        return new ReplaceCard(cards.Section(new SectionView(session, guide, session.CurrentSectionIndex, new Dictionary<string, Answer>(), SessionTally.Empty),
            SectionFeedback.Note(texts.Format(SessionTexts.StartCreated, session.Number))));
    }

    private sealed record Claimed(ConversationClaim? Claim, CardActionResult? Refusal);

    /// <summary>
    /// Claims the conversation for a new session. When someone else's session runs there (or is being created this very
    /// moment and completes while we wait), the person who clicked is shown that session instead: one session, not two.
    /// </summary>
    private async Task<Claimed> ClaimConversationAsync(CardActionContext ctx, CancellationToken ct)
    {
        if (ctx.Turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId) return new Claimed(null, null);
        var claimed = await sessions.ClaimConversationAsync(conversationId, ct);
        if (claimed.Claim is not null) return new Claimed(claimed.Claim, null);
        if (claimed.RunningSessionId is not { } runningId || await sessions.GetAsync(runningId, ct) is not { } running)
        {
            return new Claimed(null, new Refused(texts[SessionTexts.StartBusy]));
        }
        return new Claimed(null, await JoinRunningAsync(ctx, running, ct));
    }

    /// <summary>«Comenzar» when a session already runs in the conversation: the person who clicked joins it (one session, not two).</summary>
    private async Task<CardActionResult> JoinRunningAsync(CardActionContext ctx, Session running, CancellationToken ct)
    {
        if (guides.FindForMeeting(running.GuideId) is not { } guide) return new ReplaceCard(meetingCards.AlreadyActiveCard(running));
        await sessions.AddParticipantAfterAnswerAsync(running.Id, SessionClicks.ParticipantOf(ctx.Turn));
        var notice = texts.Format(SessionTexts.StartJoined, running.StartedBy.Name, running.Number);
        return new ShowCard(await meetingCards.CurrentCardAsync(running, guide, SectionFeedback.Note(notice), ct));
    }
}
