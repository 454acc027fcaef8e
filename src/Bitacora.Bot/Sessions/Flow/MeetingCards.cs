using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The card that stands for a session now, read fresh: its current section card (one query for the section and the
/// tally), or its summary once finished (answers, participants, commitments and who was present, read together);
/// and the card shown after the session's state changed (navigate, pause, resume, reopen), which also refreshes the
/// status message for everyone.
/// </summary>
public sealed class MeetingCards(
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    ISessionCommitmentsSource commitments,
    ISessionAttendance attendance,
    StatusMessages status)
{
    public async Task<JsonObject> SectionCardAsync(Session session, Guide guide, int sectionIndex, SectionFeedback feedback, CancellationToken ct)
    {
        var section = guide.Sections[Math.Clamp(sectionIndex, 0, guide.Sections.Length - 1)];
        var snapshot = await answers.ReadAsync(session.Id, [.. section.Questions.Select(q => q.Id)], cancellationToken: ct);
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
    public Task<JsonObject> CurrentCardAsync(Session session, Guide guide, SectionFeedback feedback, CancellationToken ct) =>
        session.Status == SessionStatus.Finished
            ? SummaryCardAsync(session, guide, feedback.Notice, ct)
            : SectionCardAsync(session, guide, session.CurrentSectionIndex,
                session.Status == SessionStatus.Paused && feedback.Notice is null ? SectionFeedback.Note(texts[SessionTexts.PausedNotice]) : feedback, ct);

    /// <summary>«Ya hay una sesión en esta conversación»: continue it or finish it.</summary>
    public JsonObject AlreadyActiveCard(Session active) =>
        cards.AlreadyActive(active, texts.Format(SessionTexts.StartAlreadyActive, cards.Title(active, guides.FindForMeeting(active.GuideId))));

    /// <summary>The card after a change of the session's state; an updated state re-sends the status for everyone.</summary>
    public async Task<CardActionResult> AfterUpdateAsync(ITurnContext turn, SessionUpdateResult result, Guide guide, string? notice, CancellationToken ct)
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
}
