using Bitacora.Bot.Hosting;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// Closing safely: «Finalizar» first asks (naming what is unanswered, required questions first) and finishes only on
/// «Sí, finalizar»; a finished session can be reopened by a coordinator or whoever started it (its finish stays in the
/// session's history).
/// </summary>
public sealed class MeetingClosing(
    SessionRepository sessions,
    AnswerRepository answers,
    SessionCards cards,
    SessionTexts texts,
    StatusMessages status,
    MeetingCards meetingCards,
    MeetingAnswers saves,
    SessionClicks clicks,
    ILogger<MeetingClosing> logger)
{
    public const string ConfirmField = "confirm";
    public const string ConfirmYes = "yes";

    /// <summary>
    /// «Finalizar»: saves the card's inputs, then — unless this click is the confirmation — shows the person who clicked
    /// what stays unanswered and asks; everybody else's card is untouched until the session really finishes.
    /// </summary>
    public async Task<CardActionResult> FinishAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct);
        if (refusal is not null) return refusal;
        if (await saves.SaveBeforeMovingAsync(ctx, session!, guide!, ct) is { } stop) return stop;
        if (ctx.GetString(ConfirmField) != ConfirmYes)
        {
            var tally = (await answers.ReadAsync(session!.Id, [], cancellationToken: ct)).Tally;
            return new ShowCard(cards.FinishConfirm(session, guide!, tally, SessionClicks.CardVersion(ctx) ?? session.Version));
        }
        var result = await sessions.FinishAsync(session!.Id, SessionClicks.CardVersion(ctx), SessionClicks.ParticipantOf(ctx.Turn), ct);
        if (result.Status == SessionUpdateStatus.Updated)
        {
            logger.LogInformation("Session {SessionId} finished", session.Id);
            status.Refresh(ctx.Turn, result.Session!, null);
            // The card replaced by the summary is where commitments created from it are counted (SummaryUpdates).
            if (ctx.Turn.Activity.ReplyToId is { Length: > 0 } summaryId) await sessions.SetSummaryMessageAsync(session.Id, summaryId, ct);
            return new ReplaceCard(await meetingCards.SummaryCardAsync(result.Session!, guide!, null, ct));
        }
        return await meetingCards.AfterUpdateAsync(ctx.Turn, result, guide!, null, ct);
    }

    /// <summary>«Reabrir sesión» on the summary: back to the section it was on, for everyone; the finish stays in its history.</summary>
    public async Task<CardActionResult> ReopenAsync(CardActionContext ctx, CancellationToken ct)
    {
        var (session, guide, refusal) = await clicks.LoadAsync(ctx, ct, allowFinished: true);
        if (refusal is not null) return refusal;
        if (session!.Status != SessionStatus.Finished)
        {
            return new ShowCard(await meetingCards.CurrentCardAsync(session, guide!, SectionFeedback.Note(texts[SessionTexts.ReopenNotFinished]), ct));
        }
        var by = SessionClicks.ParticipantOf(ctx.Turn);
        var result = await sessions.ReopenAsync(session.Id, SessionClicks.CardVersion(ctx), by, ct);
        if (result.Status == SessionUpdateStatus.Updated)
        {
            logger.LogInformation("Session {SessionId} reopened", session.Id);
        }
        return await meetingCards.AfterUpdateAsync(ctx.Turn, result, guide!, texts.Format(SessionTexts.ReopenDone, session.Number, by.Name), ct);
    }

    /// <summary>Whether <paramref name="identity"/> started the session the card names (who may reopen it besides coordinators).</summary>
    public static bool IsStarter(Registry.Identity.ResolvedIdentity identity, object? target) =>
        target is Session { StartedBy.Id: { Length: > 0 } starter }
        && new[] { identity.User.AadObjectId, identity.User.TeamsUserId, identity.Person?.AadObjectId, identity.Person?.TeamsUserId }
            .Any(id => !string.IsNullOrEmpty(id) && string.Equals(id, starter, StringComparison.OrdinalIgnoreCase));
}
