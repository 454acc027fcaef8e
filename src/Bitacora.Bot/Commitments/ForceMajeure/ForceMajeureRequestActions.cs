using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>The commitments a sender may put on a request of a unit: all listed ones for its directive team, else their own.</summary>
public sealed class ForceMajeureCandidates(CommitmentStore store)
{
    public const int MaxShown = 30;

    public async Task<IReadOnlyList<Commitment>> ForAsync(string unit, ResolvedIdentity? identity, CancellationToken ct)
    {
        var listed = (await store.ListByUnitAsync(unit, ct)).Where(c => c.IsListed);
        if (!ForceMajeureAccess.IsDirectiveOf(identity, unit))
        {
            listed = listed.Where(c => identity is not null && CommitmentAccess.IsResponsible(identity, c));
        }
        return listed.OrderBy(c => c.AccountabilityDate).ThenBy(c => c.Id, StringComparer.Ordinal).Take(MaxShown).ToList();
    }

    public static ForceMajeureReplyTo ReplyTo(ITurnContext turn)
    {
        var a = turn.Activity;
        return new ForceMajeureReplyTo(a.Conversation?.Id ?? "", a.ServiceUrl, a.Conversation?.TenantId ?? a.GetTeamsChannelData()?.Tenant?.Id,
            a.Recipient?.Id);
    }
}

/// <summary>«fuerza mayor [unidad]»: the request form for the unit (named, the sender's only directive unit, or the session's).</summary>
public sealed class ForceMajeureCommand(ForceMajeureViews views, ForceMajeureCandidates candidates, CommitmentForm form) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["fuerza mayor", "solicitud fuerza mayor", "solicitar fuerza mayor"];

    public AccessRule Rule => AccessRule.Require(Policies.RequestForceMajeure).ScopedBy(ForceMajeureAccess.ArgumentUnitAsync);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var turn = context.Turn;
        var identity = context.Access.Identity;
        var unit = context.Access.Target as string
                   ?? (identity?.Person?.Roles.DirectiveUnits is [var only] ? only : null)
                   ?? ((await form.CurrentSessionAsync(turn, cancellationToken))?.Scope is { Kind: Sessions.SessionScopeKind.Unit } scope
                       ? scope.Id
                       : null);
        if (unit is null || (context.Access.Target is null && !ForceMajeureAccess.IsDirectiveOf(identity, unit)))
        {
            await turn.SendTextAsync(views.Texts["fmr.form.which"], cancellationToken);
            return;
        }
        var list = await candidates.ForAsync(unit, identity, cancellationToken);
        if (list.Count == 0)
        {
            await turn.SendTextAsync(views.Texts.Format("fmr.form.none", await views.Base.UnitNameAsync(unit, cancellationToken)), cancellationToken);
            return;
        }
        await turn.SendActivityAsync(Activity.CreateCard(await views.FormAsync(unit, list, null, null, cancellationToken)), cancellationToken);
    }
}

/// <summary>«Solicitar ajuste por fuerza mayor» on a commitment card: the request form with that commitment chosen.</summary>
public sealed class OpenForceMajeureFormAction(CommitmentService commitments, ForceMajeureViews views, ForceMajeureCandidates candidates)
    : ICardAction
{
    public string Verb => "fm.open";

    public AccessRule Rule => AccessRule.Require(Policies.RequestForceMajeure).ScopedBy(CommitmentAccess.NamedCommitmentAsync)
        .OrOwner(CommitmentAccess.IsResponsible);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("commitmentId") is not { Length: > 0 } id || await commitments.GetAsync(id, cancellationToken) is not { } c)
        {
            return new CardActionResult.Refused(views.Texts["action.notFound"]);
        }
        var list = await candidates.ForAsync(c.Unit, context.Access.Identity, cancellationToken);
        if (list.All(x => x.Id != c.Id))
        {
            return new CardActionResult.Refused(views.Texts[ForceMajeureTextKeys.RefuseCommitmentClosed].Replace("{0}", c.What, StringComparison.Ordinal));
        }
        var card = await views.FormAsync(c.Unit, list, null, null, cancellationToken, preselected: c.Id);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
        return new CardActionResult.Handled();
    }
}

/// <summary>«Enviar solicitud»: stores the request, sends it to the reviewers, and shows the requester its card.</summary>
public sealed class SubmitForceMajeureAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureCandidates candidates, ForceMajeureDelivery delivery) : ICardAction
{
    public string Verb => "fm.request";

    public AccessRule Rule => AccessRule.Require(Policies.RequestForceMajeure).ScopedBy(ForceMajeureAccess.FormAsync)
        .OrOwner(ForceMajeureAccess.IsResponsibleOfAll);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.Access.Target is not ForceMajeureAccess.FormTarget target)
        {
            return new CardActionResult.Refused(views.Texts["fmr.form.which"]);
        }
        var list = await candidates.ForAsync(target.Unit, context.Access.Identity, cancellationToken);
        var (submission, errors) = inputs.ReadRequest(context.Data, target.Unit, list, ForceMajeureCandidates.ReplyTo(context.Turn));
        if (submission is null)
        {
            return new CardActionResult.ReplaceCard(await views.FormAsync(target.Unit, list, context.Data, errors, cancellationToken));
        }
        var by = PersonRef.From(await context.Turn.GetActorAsync(cancellationToken));
        var request = await service.SubmitAsync(submission, by, cancellationToken);
        var reached = await delivery.ToReviewersAsync(request, await views.RequestAsync(request, forReviewer: true, cancellationToken),
            cancellationToken);
        var notice = reached.Count > 0
            ? views.Texts.Format("fmr.form.sent", string.Join(", ", reached))
            : views.Texts["fmr.form.sentNobody"];
        return new CardActionResult.ReplaceCard(await views.RequestAsync(request, forReviewer: false, cancellationToken, notice));
    }
}
