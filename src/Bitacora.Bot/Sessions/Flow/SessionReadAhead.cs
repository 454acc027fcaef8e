using System.Collections.Frozen;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The meeting card's reads, started as a click arrives (<see cref="ITurnReadAhead"/>): the session the card names
/// (every session.* verb's gate reads it) and, for a click that saves a section first (answer, navigate, pause,
/// finish), that section's answers and the tally. They run at once (and while the duplicate guard claims a click that
/// moves the session; an answer click is not claimed, <see cref="AnswerClickGuard"/>), so a save waits for two round
/// trips in sequence (these reads, then its transaction). Each is used once,
/// and only if it is exactly the read the turn would make: the section read is keyed by session and question ids,
/// which come from the one meeting guide that has a section of that id (otherwise nothing is read ahead). The
/// section read is optimistic like any other: the transaction is conditional on what it read.
/// </summary>
public sealed class SessionReadAhead(SessionRepository sessions, AnswerRepository answers, GuideCatalog guides) : ITurnReadAhead
{
    private static readonly object SessionKey = new();
    private static readonly object SectionKey = new();

    private sealed record PendingSession(string SessionId, Task<Session?> Read);

    private sealed record PendingSection(string SessionId, string[] QuestionIds, string? OperationId, Task<AnswerSnapshot> Read);

    /// <summary>Question ids of every section id that exactly one meeting guide has.</summary>
    private readonly FrozenDictionary<string, string[]> _sectionQuestions = guides.Guides
        .Select(g => guides.FindForMeeting(g.Id)!)
        .SelectMany(g => g.Sections)
        .GroupBy(s => s.Id, StringComparer.Ordinal)
        .Where(group => group.Count() == 1)
        .ToFrozenDictionary(group => group.Key, group => group.Single().Questions.Select(q => q.Id).ToArray(), StringComparer.Ordinal);

    public Task Start(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (CardActionData.Of(turn.Activity) is not { Verb: { } verb } action
            || !verb.StartsWith("session.", StringComparison.Ordinal)
            || action.GetString("sessionId") is not { Length: > 0 } sessionId)
        {
            return Task.CompletedTask;
        }
        var session = sessions.GetAsync(sessionId, cancellationToken);
        turn.Items[SessionKey] = new PendingSession(sessionId, session);
        if (verb is SessionCardAction.Answer or SessionCardAction.Navigate or SessionCardAction.Pause or SessionCardAction.Finish
            && action.GetString("sectionId") is { Length: > 0 } sectionId
            && _sectionQuestions.TryGetValue(sectionId, out var questionIds))
        {
            var operationId = AnswerClickGuard.OperationId(turn.Activity);
            var section = answers.ReadAsync(sessionId, questionIds, operationId, cancellationToken);
            turn.Items[SectionKey] = new PendingSection(sessionId, questionIds, operationId, section);
            return Task.WhenAll(session, section);
        }
        return session;
    }

    /// <summary>The session <paramref name="sessionId"/>: the read started ahead if there is one for it, else a read now.</summary>
    public Task<Session?> SessionAsync(ITurnContext turn, string sessionId, CancellationToken cancellationToken) =>
        Take<PendingSession>(turn, SessionKey) is { } pending && pending.SessionId == sessionId
            ? pending.Read
            : sessions.GetAsync(sessionId, cancellationToken);

    /// <summary>
    /// The section's answers and the tally (and whether the click <paramref name="operationId"/> already saved): the
    /// read started ahead if it is this very read, else a read now.
    /// </summary>
    public Task<AnswerSnapshot> SectionAsync(ITurnContext turn, string sessionId, string[] questionIds, string? operationId,
        CancellationToken cancellationToken) =>
        Take<PendingSection>(turn, SectionKey) is { } pending && pending.SessionId == sessionId && pending.QuestionIds.SequenceEqual(questionIds)
            && pending.OperationId == operationId
            ? pending.Read
            : answers.ReadAsync(sessionId, questionIds, operationId, cancellationToken);

    /// <summary>Used once: a second read in the same turn (a retry after a lost race) must see storage as it is now.</summary>
    private static T? Take<T>(ITurnContext turn, object key) where T : class
    {
        if (!turn.Items.TryGetValue(key, out var value)) return null;
        turn.Items.Remove(key);
        return value as T;
    }
}
