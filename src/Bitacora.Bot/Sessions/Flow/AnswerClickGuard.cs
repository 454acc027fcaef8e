using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// «Guardar respuestas» guards itself against Teams' redeliveries (<see cref="ISelfGuardedTurns"/>): its one lasting
/// effect is the section's transaction, which also records the click on the session's tally row
/// (<see cref="AnswerRepository.ReadAsync"/>'s operation id). A redelivery's section read returns that row; one that
/// read before the first delivery wrote planned the same answer rows from the same card and loses on their ETags, then
/// reads it. Its other writes (participant, conversation address, status message) repeat harmlessly. So the click
/// costs no claim: the save waits for the session and section reads, then its transaction. Navigation, pause and
/// finish also move the session, so they keep the claim.
/// </summary>
public sealed class AnswerClickGuard : ISelfGuardedTurns
{
    public bool Covers(Activity activity) => OperationId(activity) is not null;

    /// <summary>The id a save of this click is recorded under: the activity's, for an answer click; otherwise null.</summary>
    public static string? OperationId(Activity activity) =>
        activity.Id is { Length: > 0 } id && CardActionData.Of(activity) is { Verb: SessionCardAction.Answer } ? id : null;
}
