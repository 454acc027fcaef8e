using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// «mis compromisos»: in the 1:1 chat, the person's open commitments, earliest date first, each with a button that
/// opens its card (Cumplido / fuerza mayor / nueva fecha). In a group chat or channel it answers that it works in the
/// personal chat: a list of one person's pending work is not what the rest of the team came to read.
/// </summary>
public sealed class MyCommitmentsCommand(CommitmentStore store, CommitmentViews views) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["mis compromisos", "mis pendientes"];

    /// <summary>
    /// Anyone: the list holds only commitments the sender is responsible for (found under the ids Teams authenticates),
    /// and a responsible picked from the conversation's members need not be in the registry.
    /// </summary>
    public AccessRule Rule => AccessRule.Anyone;

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var turn = context.Turn;
        var texts = views.Texts;
        if (turn.Activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            await turn.SendTextAsync(texts["mine.groupChat"], cancellationToken);
            return;
        }
        var mine = await OpenOfSenderAsync(store, turn, cancellationToken);
        if (mine.Count == 0)
        {
            await turn.SendTextAsync(texts["mine.none"], cancellationToken);
            return;
        }
        await turn.SendActivityAsync(Activity.CreateCard(await views.ListAsync(mine, cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Open commitments of the person under every key they may have been recorded with (registry email, Entra id,
    /// email, Teams id): a responsible picked from the member list, from the unit's directive team or by their own
    /// message is found the same.
    /// </summary>
    internal static async Task<IReadOnlyList<CommitmentSummary>> OpenOfSenderAsync(CommitmentStore store, ITurnContext turn, CancellationToken ct)
    {
        var person = await turn.GetActorAsync(ct);
        var all = new List<CommitmentSummary>();
        foreach (var key in person.Keys)
        {
            all.AddRange(await store.ListOpenForPersonAsync(key, ct));
        }
        return all.DistinctBy(s => s.Id).Where(s => s.Status is not (CommitmentStatus.Cumplido or CommitmentStatus.Cancelado))
            .OrderBy(s => s.AccountabilityDate).ToList();
    }
}

/// <summary>commitment.show (from «mis compromisos»): sends the commitment's card with its actions; the list stays.</summary>
public sealed class ShowCommitmentAction(CommitmentService commitments, CommitmentViews views) : ICardAction
{
    public string Verb => "commitment.show";

    public AccessRule Rule => AccessRule.Require(Policies.ReadCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync)
        .OrOwner(CommitmentAccess.IsResponsible);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("commitmentId") is not { Length: > 0 } id || await commitments.GetAsync(id, cancellationToken) is not { } c)
        {
            return new CardActionResult.Refused(views.Texts["action.notFound"]);
        }
        var card = await views.ReminderCardAsync(c, CommitmentCardMode.State, null, false, cancellationToken);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
        return new CardActionResult.Handled();
    }
}
