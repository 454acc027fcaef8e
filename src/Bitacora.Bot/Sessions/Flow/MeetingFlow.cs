using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The meeting's entry points, one line each into the use case that does the work (see Sessions/Flow/README.md):
/// <see cref="MeetingStart"/> (start card, «Comenzar»), <see cref="MeetingAnswers"/> («Guardar respuestas»),
/// <see cref="MeetingMoves"/> (navigate, pause, resume, view, detail), <see cref="MeetingClosing"/> (finish, reopen),
/// <see cref="MeetingCards"/> (the session's current card, used by other features too), <see cref="SessionClicks"/>
/// (what a click may touch, who is clicking).
/// </summary>
public sealed class MeetingFlow(
    MeetingStart start,
    MeetingAnswers saves,
    MeetingMoves moves,
    MeetingClosing closing,
    MeetingCards meetingCards,
    GuideCatalog guides)
{
    public const string ConfirmField = MeetingClosing.ConfirmField;
    public const string ConfirmYes = MeetingClosing.ConfirmYes;

    public Task StartCommandAsync(ITurnContext turn, CancellationToken ct) => start.StartCommandAsync(turn, ct);

    public Task ResumeCommandAsync(ITurnContext turn, CancellationToken ct) => moves.ResumeCommandAsync(turn, ct);

    public Task<CardActionResult> CreateAsync(CardActionContext ctx, CancellationToken ct) => start.CreateAsync(ctx, ct);

    public Task<CardActionResult> AnswerAsync(CardActionContext ctx, CancellationToken ct) => saves.AnswerAsync(ctx, ct);

    public Task<CardActionResult> NavigateAsync(CardActionContext ctx, CancellationToken ct) => moves.NavigateAsync(ctx, ct);

    public Task<CardActionResult> PauseAsync(CardActionContext ctx, CancellationToken ct) => moves.PauseAsync(ctx, ct);

    public Task<CardActionResult> ResumeAsync(CardActionContext ctx, CancellationToken ct) => moves.ResumeAsync(ctx, ct);

    public Task<CardActionResult> ViewAsync(CardActionContext ctx, CancellationToken ct) => moves.ViewAsync(ctx, ct);

    public Task<CardActionResult> DetailAsync(CardActionContext ctx, CancellationToken ct) => moves.DetailAsync(ctx, ct);

    public Task<CardActionResult> FinishAsync(CardActionContext ctx, CancellationToken ct) => closing.FinishAsync(ctx, ct);

    public Task<CardActionResult> ReopenAsync(CardActionContext ctx, CancellationToken ct) => closing.ReopenAsync(ctx, ct);

    public Task<JsonObject> SectionCardAsync(Session session, Guide guide, int sectionIndex, SectionFeedback feedback, CancellationToken ct) =>
        meetingCards.SectionCardAsync(session, guide, sectionIndex, feedback, ct);

    public Task<JsonObject> SummaryCardAsync(Session session, Guide guide, string? notice, CancellationToken ct) =>
        meetingCards.SummaryCardAsync(session, guide, notice, ct);

    /// <summary>The guide a session walks in the meeting (null when the catalog no longer has it).</summary>
    public Guide? GuideOf(Session session) => guides.FindForMeeting(session.GuideId);

    /// <summary>Whether the identity started the session the card names (who may reopen it besides coordinators).</summary>
    public static bool IsStarter(Registry.Identity.ResolvedIdentity identity, object? target) => MeetingClosing.IsStarter(identity, target);
}
