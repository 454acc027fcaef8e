using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// The question and answer a commitment responds to («Nuevo compromiso» next to a «No» / «Parcialmente»), read from
/// the stored session and guide — never from what the card says.
/// </summary>
public sealed class CommitmentSources(SessionRepository sessions, AnswerRepository answers, GuideCatalog guides)
{
    public sealed record Found(CommitmentSource Source, string? Suggestion);

    public async Task<Found?> FindAsync(string? sessionId, string? questionId, CancellationToken ct)
    {
        if (sessionId is not { Length: > 0 and <= 200 } || questionId is not { Length: > 0 and <= 200 }
            || await sessions.GetAsync(sessionId, ct) is not { } session
            || guides.Find(session.GuideId)?.FindQuestion(questionId) is not { } question
            || await answers.GetAsync(sessionId, questionId, ct) is not { } answer)
        {
            return null;
        }
        return new Found(new CommitmentSource(sessionId, questionId, question.Text, answer.Value.Display(question)), question.Suggestion);
    }
}
