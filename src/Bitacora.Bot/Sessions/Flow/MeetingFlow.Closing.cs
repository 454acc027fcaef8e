using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Closing safely: «Finalizar» first asks (naming what is unanswered, required questions first) and finishes only on
/// «Sí, finalizar»; a finished session can be reopened by a coordinator or whoever started it (its finish stays in the
/// session's history); starting twice at once in one conversation yields one session.
/// </summary>
public sealed partial class MeetingFlow
{
    public const string ConfirmField = "confirm";
    public const string ConfirmYes = "yes";

    /// <summary>
    /// «Finalizar»: saves the card's inputs, then — unless this click is the confirmation — shows the person who clicked
    /// what stays unanswered and asks; everybody else's card is untouched until the session really finishes.
    /// </summary>
    public async Task<CardActionResult> FinishAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        if (ctx.GetString(ConfirmField) != ConfirmYes)
        {
            var tally = (await answers.ReadAsync(session!.Id, [], ct)).Tally;
            return new ShowCard(cards.FinishConfirm(session, guide!, tally, CardVersion(ctx) ?? session.Version));
        }
        var result = await sessions.FinishAsync(session!.Id, CardVersion(ctx), ParticipantOf(ctx.Turn), ct);
        if (result.Status == SessionUpdateStatus.Updated)
        {
            logger.LogInformation("Session {SessionId} finished", session.Id);
            status.Refresh(ctx.Turn, result.Session!, null);
            // The card replaced by the summary is where commitments created from it are counted (SummaryUpdates).
            if (ctx.Turn.Activity.ReplyToId is { Length: > 0 } summaryId) await sessions.SetSummaryMessageAsync(session.Id, summaryId, ct);
            return new ReplaceCard(await SummaryCardAsync(result.Session!, guide!, null, ct));
        }
        return await AfterUpdateAsync(ctx.Turn, result, guide!, null, ct);
    }

    /// <summary>«Reabrir sesión» on the summary: back to the section it was on, for everyone; the finish stays in its history.</summary>
    public async Task<CardActionResult> ReopenAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await LoadAsync(ctx, ct, allowFinished: true);
        if (refusal is not null) return refusal;
        if (session!.Status != SessionStatus.Finished)
        {
            return new ShowCard(await CurrentCardAsync(session, guide!, SectionFeedback.Note(texts[SessionTexts.ReopenNotFinished]), ct));
        }
        var by = ParticipantOf(ctx.Turn);
        var result = await sessions.ReopenAsync(session.Id, CardVersion(ctx), by, ct);
        if (result.Status == SessionUpdateStatus.Updated)
        {
            logger.LogInformation("Session {SessionId} reopened", session.Id);
        }
        return await AfterUpdateAsync(ctx.Turn, result, guide!, texts.Format(SessionTexts.ReopenDone, session.Number, by.Name), ct);
    }

    /// <summary>The guide a session walks in the meeting (null when the catalog no longer has it).</summary>
    public Guide? GuideOf(Session session) => guides.FindForMeeting(session.GuideId);

    /// <summary>Whether <paramref name="identity"/> started the session the card names (who may reopen it besides coordinators).</summary>
    public static bool IsStarter(Registry.Identity.ResolvedIdentity identity, object? target) =>
        target is Session { StartedBy.Id: { Length: > 0 } starter }
        && new[] { identity.User.AadObjectId, identity.User.TeamsUserId, identity.Person?.AadObjectId, identity.Person?.TeamsUserId }
            .Any(id => !string.IsNullOrEmpty(id) && string.Equals(id, starter, StringComparison.OrdinalIgnoreCase));

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
        if (guides.FindForMeeting(running.GuideId) is not { } guide) return new ReplaceCard(AlreadyActiveCard(running));
        await sessions.AddParticipantAsync(running.Id, ParticipantOf(ctx.Turn), ct);
        var notice = texts.Format(SessionTexts.StartJoined, running.StartedBy.Name, running.Number);
        return new ShowCard(await CurrentCardAsync(running, guide, SectionFeedback.Note(notice), ct));
    }
}
