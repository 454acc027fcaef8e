using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Logbook;

/// <summary>A session's record as a Word document, read whole (the CLI builds the same file with this class).</summary>
public sealed class SessionRecordFile(SessionRepository sessions, AnswerRepository answers, GuideCatalog guides, SessionDocument document)
{
    public sealed record Built(Session Session, string FileName, byte[] Content);

    public async Task<Built?> BuildAsync(Session session, CancellationToken ct)
    {
        // A logbook record shows the record's section only (what the meeting walked), like its cards.
        if ((guides.FindForMeeting(session.GuideId) ?? guides.Find(session.GuideId)) is not { } guide) return null;
        var current = answers.GetAnswersAsync(session.Id, ct);
        var people = sessions.GetParticipantsAsync(session.Id, ct);
        await Task.WhenAll(current, people);
        return new Built(session, document.FileName(session), document.Build(session, guide, current.Result, people.Result));
    }

    public async Task<Built?> BuildAsync(string sessionId, CancellationToken ct) =>
        await sessions.GetAsync(sessionId, ct) is { } session ? await BuildAsync(session, ct) : null;

    /// <summary>«descargar sesión 3 16-1 [2026]»: the session N°3 of the territory's own numbering (not a logbook record).</summary>
    public async Task<Session?> FindAsync(string territoryId, int number, string period, CancellationToken ct) =>
        (await sessions.ListByScopeAsync(SessionScope.Territory(territoryId, ""), 500, ct))
        .FirstOrDefault(s => s.Logbook is null && s.Number == number && s.Period == period);
}
