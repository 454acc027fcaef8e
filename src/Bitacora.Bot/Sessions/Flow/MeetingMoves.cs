using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Moving through the session: «Siguiente» / «Anterior» / «Ir a la sección», «Pausar», «Continuar sesión» (button and
/// command), and the read-only «Ver tarjeta actualizada» and «Ver completo». Moves save the card's inputs first and
/// carry the session version the card showed (an older card changes nothing and gets the current one).
/// </summary>
public sealed class MeetingMoves(
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    MeetingCards meetingCards,
    MeetingAnswers saves,
    SessionClicks clicks)
{
    public async Task<CardActionResult> NavigateAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await saves.SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var targetId = ctx.GetString("to") is { Length: > 0 } to ? to : ctx.GetString("goto") ?? "";
        var target = guide!.IndexOfSection(targetId);
        if (target < 0)
        {
            return new ReplaceCard(await meetingCards.CurrentCardAsync(session!, guide, SectionFeedback.Note(texts[SessionTexts.NavigateUnknownSection], true), ct));
        }
        var result = await sessions.GoToSectionAsync(session!.Id, SessionClicks.CardVersion(ctx), target, guide.Sections.Length, ct);
        return await meetingCards.AfterUpdateAsync(ctx.Turn, result, guide, null, ct);
    }

    public async Task<CardActionResult> PauseAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await saves.SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        var result = await sessions.PauseAsync(session!.Id, SessionClicks.CardVersion(ctx), ct);
        return await meetingCards.AfterUpdateAsync(ctx.Turn, result, guide!, texts[SessionTexts.PausedNotice], ct);
    }

    public async Task<CardActionResult> ResumeAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (session!.Status == SessionStatus.Active)
        {
            return new ReplaceCard(await meetingCards.CurrentCardAsync(session, guide!, SectionFeedback.None, ct));
        }
        var result = await sessions.ResumeAsync(session.Id, null, session.ConversationId, ct);
        return await meetingCards.AfterUpdateAsync(ctx.Turn, result, guide!, texts[SessionTexts.ResumeResumed], ct);
    }

    /// <summary>«continuar sesión» typed: resumes the conversation's session (if paused) and posts its current card.</summary>
    public async Task ResumeCommandAsync(ITurnContext turn, CancellationToken ct)
    {
        var session = await clicks.ActiveInConversationAsync(turn, ct);
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
        await sessions.AddParticipantAfterAnswerAsync(session.Id, SessionClicks.ParticipantOf(turn));
        var card = await meetingCards.CurrentCardAsync(session, guide, SectionFeedback.Note(texts[SessionTexts.ResumeResumed]), ct);
        await turn.SendActivityAsync(Activity.CreateCard(card), ct);
    }

    /// <summary>The session's current card, for the person who asked only (e.g. «Volver a la sección»); writes nothing.</summary>
    public async Task<CardActionResult> ViewAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        return new ShowCard(await meetingCards.CurrentCardAsync(session!, guide!, SectionFeedback.None, ct));
    }

    /// <summary>«Ver completo»: one question with its whole answer, for the person who asked only.</summary>
    public async Task<CardActionResult> DetailAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (guide!.FindSection(ctx.GetString("sectionId") ?? "") is not { } section
            || section.Questions.FirstOrDefault(q => q.Id == ctx.GetString("questionId")) is not { } question)
        {
            return new Refused(texts[SessionTexts.RefuseBadCard]);
        }
        var snapshot = await answers.ReadAsync(session!.Id, [.. section.Questions.Select(q => q.Id)], cancellationToken: ct);
        return new ShowCard(cards.Question(new SectionView(session, guide, guide.IndexOfSection(section.Id), snapshot.Answers, snapshot.Tally), question, null));
    }
}
