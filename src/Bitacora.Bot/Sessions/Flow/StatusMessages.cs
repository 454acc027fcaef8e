using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>The latest save, as the status message tells it («Megan Bowen guardó 2 respuestas · 09:05»).</summary>
public sealed record LastSave(Participant By, int Count, DateTimeOffset At);

/// <summary>
/// The session's small status message: progress, the current section, the latest save, who answered (and who is
/// present). It is what everybody sees change when someone saves — the shared question card is NOT re-sent then,
/// so nobody's unsaved typing is replaced (only a change of section re-sends it). Updated in place after the
/// clicker's answer (<see cref="SharedCardUpdates"/>): the tally fresh (one point read), the session as the newest
/// turn of this instance saw it.
/// </summary>
public sealed class StatusMessages(
    SharedCardUpdates shared,
    SessionRepository sessions,
    AnswerRepository answers,
    GuideCatalog guides,
    SessionCards cards,
    SessionTexts texts,
    ISessionAttendance attendance)
{
    public const string Template = "session-status";

    /// <summary>Brings the status message of <paramref name="session"/> up to date (posting it if it has none).</summary>
    public void Refresh(ITurnContext turn, Session session, LastSave? last)
    {
        if (turn.Activity.ServiceUrl is not { Length: > 0 } serviceUrl || session.ConversationId is not { } conversationId) return;
        var latest = Latest(session);
        shared.Enqueue(new SharedCardUpdate("status:" + session.Id, serviceUrl, conversationId, latest.StatusActivityId ?? session.StatusActivityId,
            ct => RenderAsync(session.Id, last, ct),
            (id, ct) =>
            {
                _latest.AddOrUpdate(session.Id, session with { StatusActivityId = id }, known => known with { StatusActivityId = id });
                return sessions.SetStatusMessageAsync(session.Id, id, ct);
            }));
    }

    /// <summary>
    /// The newest state of each session this instance has seen in a turn (highest <see cref="Session.Version"/>: every
    /// navigate, pause, resume, finish and reopen raises it; answers do not change the session row), so the status
    /// message is drawn without reading the session again. Staleness: a change made on another instance shows here
    /// with this instance's next turn of that session (which reads the row). Bounded in entries.
    /// </summary>
    private readonly BoundedMap<Session> _latest = new(5_000);

    private Session Latest(Session seen) =>
        _latest.AddOrUpdate(seen.Id, seen, known => seen.Version > known.Version
            || (seen.Version == known.Version && seen.StatusActivityId is not null && known.StatusActivityId is null) ? seen : known);

    private async Task<JsonObject?> RenderAsync(string sessionId, LastSave? last, CancellationToken ct)
    {
        // The session as the newest turn here saw it; the tally fresh from storage (one point read: another instance's
        // saves count too).
        var session = _latest.TryGet(sessionId, out var known) ? known : await sessions.GetAsync(sessionId, ct);
        if (session is null || guides.FindForMeeting(session.GuideId) is not { } guide) return null;
        var tally = await answers.ReadTallyAsync(sessionId, ct);
        return Card(session, guide, tally, last, await PresentAsync(session, ct));
    }

    public JsonObject Card(Session session, Guide guide, SessionTally tally, LastSave? last, IReadOnlyList<string> present)
    {
        var section = guide.Sections[Math.Clamp(session.CurrentSectionIndex, 0, guide.Sections.Length - 1)];
        var total = guide.QuestionCount;
        var answered = guide.Sections.Sum(tally.AnsweredIn);
        return cards.Status(new JsonObject
        {
            ["heading"] = cards.SectionHeading(guide, section) + " · " + texts.Format(SessionTexts.StatusSection, guide.IndexOfSection(section.Id) + 1, guide.Sections.Length),
            ["answered"] = answered,
            ["total"] = total,
            ["percent"] = total == 0 ? 0 : answered * 100 / total,
            ["sectionAnswered"] = tally.AnsweredIn(section),
            ["sectionTotal"] = section.Questions.Length,
            ["last"] = last is null ? "" : texts.Plural(SessionTexts.StatusLast, last.Count,
                last.By.Name, last.Count, ChileTime.Moment(last.At)),
            ["respondents"] = string.Join(", ", tally.Respondents.Select(p => p.Name).Distinct().Order(StringComparer.Create(ChileTime.Culture, true))),
            ["present"] = string.Join(", ", present),
        }, session, guide);
    }

    /// <summary>Who is present (Attendance/: marked on a card or seen joining the Teams meeting).</summary>
    private Task<IReadOnlyList<string>> PresentAsync(Session session, CancellationToken ct) =>
        attendance.PresentNamesAsync(session.Id, ct);
}
