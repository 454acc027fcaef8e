using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Attendance;

/// <summary>«presentes»: the attendance card of the session running in this conversation.</summary>
public sealed class AttendanceCommand(AttendanceService attendance, AttendanceTexts texts) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["presentes", "asistencia", "marcar presentes"];

    /// <summary>The territorial team of the running session's territory (as every session verb).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.ConversationSessionAsync);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Access.TargetAs<Session>() is not { } session)
        {
            await context.Turn.SendTextAsync(texts[AttendanceTexts.NoSession], cancellationToken);
            return;
        }
        await context.Turn.SendActivityAsync(Activity.CreateCard(await attendance.CardAsync(context.Turn, session, null, cancellationToken)), cancellationToken);
    }
}

/// <summary>
/// The attendance buttons: <c>attendance.open</c> (the status message's «Marcar presentes»: the card, to the clicker
/// only) and <c>attendance.save</c> (the card's «Guardar asistencia»). Data: <c>sessionId</c>; save also <c>shown</c>
/// (the keys the card showed as present) and the inputs <c>present</c> (ticked keys) and <c>guests</c> (typed names).
/// </summary>
public sealed class AttendanceCardAction(string verb, AttendanceService attendance, AttendanceTexts texts, StatusMessages status,
    ILogger<AttendanceCardAction> logger) : ICardAction
{
    public const string Open = "attendance.open";
    public const string Save = "attendance.save";

    public string Verb => verb;

    /// <summary>The territorial team of the session's territory; no version: each save changes only whom its author (un)ticked.</summary>
    public AccessRule Rule => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.NamedSessionAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.Access.TargetAs<Session>() is not { } session || session.Id != context.GetString("sessionId"))
        {
            return new Refused(texts[AttendanceTexts.RefuseNoSession]);
        }
        if (session.ConversationId != context.Turn.Activity.Conversation?.Id)
        {
            logger.LogWarning("Attendance click on session {SessionId} from conversation {ConversationId}", session.Id,
                context.Turn.Activity.Conversation?.Id);
            return new Refused(texts[AttendanceTexts.RefuseOtherConversation]);
        }
        if (session.Status == SessionStatus.Finished)
        {
            return new Refused(texts.Format(AttendanceTexts.RefuseFinished, session.Number));
        }
        if (verb == Open)
        {
            return new ShowCard(await attendance.CardAsync(context.Turn, session, null, cancellationToken));
        }
        var saved = await attendance.SaveAsync(context.Turn, session, context.GetString(AttendanceCards.PresentInput),
            context.GetString("shown"), context.GetString(AttendanceCards.GuestsInput), cancellationToken);
        if (saved.Changed > 0)
        {
            // Everyone sees who is present in the status message; the attendance card is refreshed for the clicker only.
            status.Refresh(context.Turn, session, null);
        }
        var notice = saved.Changed == 0 ? texts[AttendanceTexts.NothingChanged]
            : texts.Plural(AttendanceTexts.Saved, saved.Present);
        return new ShowCard(await attendance.CardAsync(context.Turn, session, notice, cancellationToken), PostForSubmit: true);
    }
}
