using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Sessions;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// «compromisos [unidad]» during a meeting: the open commitments of the session's unit, earliest date first, each
/// with its responsible — marked «sin contacto en Teams» when Bitácora cannot reach them yet, so the coordinators in
/// the meeting know who gets reminders only in this conversation. Scoped to the unit of the conversation's current
/// session: the list is shown to the people of that meeting, not to anyone who names a unit.
/// </summary>
public sealed class UnitCommitmentsCommand(CommitmentStore store, CommitmentViews views, CommitmentForm form) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["compromisos", "compromisos de la unidad"];

    /// <summary>Anyone in the meeting: the command itself only answers about the unit of the conversation's current session.</summary>
    public AccessRule Rule => AccessRule.Anyone;

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var turn = context.Turn;
        var texts = views.Texts;
        var session = await form.CurrentSessionAsync(turn, cancellationToken);
        var sessionUnit = session?.Scope is { Kind: SessionScopeKind.Unit } scope ? scope.Id : null;
        var asked = context.Arguments.Trim() is { Length: > 0 } arg ? CreateCommitmentAction.ParseUnit(arg) : null;
        if (sessionUnit is null)
        {
            await turn.SendTextAsync(texts["unit.which"], cancellationToken);
            return;
        }
        var unitName = await views.UnitNameAsync(sessionUnit, cancellationToken);
        if (asked is not null && asked != sessionUnit)
        {
            await turn.SendTextAsync(texts.Format("unit.onlyInSession", unitName), cancellationToken);
            return;
        }
        var open = (await store.ListByUnitAsync(sessionUnit, cancellationToken)).Where(c => c.IsOpen)
            .OrderBy(c => c.AccountabilityDate).ToList();
        if (open.Count == 0)
        {
            await turn.SendTextAsync(texts.Format("unit.none", unitName), cancellationToken);
            return;
        }
        var reachable = open.ToDictionary(c => c.Id, c => c.Responsible.TeamsUserId is not null);
        var summaries = open.Select(c => new CommitmentSummary(c.Id, c.Unit, c.What, c.AccountabilityDate, c.Status, c.Responsible.Name)).ToList();
        var card = await views.ListAsync(summaries, texts.Format("unit.title", unitName), texts["unit.intro"],
            s => reachable[s.Id] ? s.ResponsibleName : texts.Format("unit.noContact", s.ResponsibleName), cancellationToken);
        await turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
    }
}
