using System.Globalization;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>The session a click names, with its guide, when the click may touch it; otherwise the refusal to show.</summary>
public sealed record ClickTarget(Session? Session, Guide? Guide, CardActionResult? Refusal);

/// <summary>
/// What a click or a command of the meeting may touch: a card of a session that does not exist, or clicked from another
/// conversation, is refused and nothing is written; a finished session refuses (unless reopening). Also who the sender
/// is, as a <see cref="Participant"/>, and the card's version and inputs.
/// </summary>
public sealed class SessionClicks(SessionRepository sessions, GuideCatalog guides, SessionTexts texts, ILogger<SessionClicks> logger)
{
    /// <summary>The session the card names, if this click may touch it (the person who clicked becomes a participant).</summary>
    public async Task<ClickTarget> LoadAsync(CardActionContext ctx, CancellationToken ct, bool allowFinished = false)
    {
        if (ctx.GetString("sessionId") is not { Length: > 0 } sessionId) return new(null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        // The router's gate already loaded the session to check its scope; reuse it instead of a second read.
        var session = ctx.Access.TargetAs<Session>() is { } checkedSession && checkedSession.Id == sessionId
            ? checkedSession
            : await sessions.GetAsync(sessionId, ct);
        if (session is null) return new(null, null, new Refused(texts[SessionTexts.RefuseNoSession]));
        if (session.ConversationId != ctx.Turn.Activity.Conversation?.Id)
        {
            logger.LogWarning("Click on session {SessionId} from conversation {ConversationId}", sessionId, ctx.Turn.Activity.Conversation?.Id);
            return new(null, null, new Refused(texts[SessionTexts.RefuseOtherConversation]));
        }
        if (guides.FindForMeeting(session.GuideId) is not { } guide) return new(null, null, new Refused(texts[SessionTexts.RefuseBadCard]));
        if (session.Status == SessionStatus.Finished && !allowFinished) return new(null, null, new Refused(texts.Format(SessionTexts.RefuseFinished, session.Number)));
        // Written right after the answer (the click's card shows no participant; readers here wait for it).
        await sessions.AddParticipantAfterAnswerAsync(session.Id, ParticipantOf(ctx.Turn));
        return new(session, guide, null);
    }

    /// <summary>The conversation's session while it is active or paused.</summary>
    public async Task<Session?> ActiveInConversationAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId) return null;
        var session = await sessions.GetCurrentForConversationAsync(conversationId, ct);
        return session is { Status: not SessionStatus.Finished } ? session : null;
    }

    public static long? CardVersion(CardActionContext ctx) =>
        long.TryParse(ctx.GetString("version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static string Input(CardActionContext ctx, string key) => ctx.GetString(key)?.Trim() ?? "";

    /// <summary>The turn's sender as a session participant: Entra id (else Teams id) and display name, from the activity.</summary>
    public static Participant ParticipantOf(ITurnContext turn)
    {
        var actor = PersonIdentity.FromActivity(turn.Activity);
        var id = actor.AadObjectId ?? actor.TeamsUserId ?? "desconocido";
        return new Participant(id, actor.Name.Length > 0 ? actor.Name : id);
    }
}
