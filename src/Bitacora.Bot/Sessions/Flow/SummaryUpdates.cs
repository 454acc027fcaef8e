using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Keeps a finished session's summary card current for everyone after it was shown — e.g. «Compromisos registrados en
/// esta sesión» once a commitment is created from its «Nuevo compromiso» button. The card is updated in place
/// (<see cref="SharedCardUpdates"/>, from fresh data); nothing happens for a session without a summary message or no
/// longer finished (reopened: that message shows its section card now).
/// </summary>
public sealed class SummaryUpdates(SharedCardUpdates shared, SessionRepository sessions, IServiceProvider services)
{
    public void Refresh(ITurnContext turn, Session session)
    {
        if (turn.Activity.ServiceUrl is not { Length: > 0 } serviceUrl || session.ConversationId is not { } conversationId
            || session.SummaryActivityId is not { Length: > 0 } activityId) return;
        shared.Enqueue(new SharedCardUpdate("summary:" + session.Id, serviceUrl, conversationId, activityId,
            async ct =>
            {
                var current = await sessions.GetAsync(session.Id, ct);
                if (current is not { Status: SessionStatus.Finished }) return null;
                var flow = services.GetRequiredService<MeetingFlow>();
                return flow.GuideOf(current) is { } guide ? await flow.SummaryCardAsync(current, guide, null, ct) : null;
            },
            (id, ct) => sessions.SetSummaryMessageAsync(session.Id, id, ct)));
    }
}
