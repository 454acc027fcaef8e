using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// The buttons on a request card: Aprobar / Pedir más información / Rechazar (reviewer) and Responder (requester).
/// Card data: {"verb", "requestId", "version"} + the inputs (fm.d.{id}, fm.date.{id}, fm.what.{id}, fmNote | fmAnswer,
/// fmLink). A stale card (the request or an affected commitment changed) is answered with the current state and the
/// typed inputs kept; a refusal keeps them too. On success the other side gets its card.
/// </summary>
public abstract class ForceMajeureRequestAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureDelivery delivery, ForceMajeureReviewCards reviewCards) : ICardAction
{
    public abstract string Verb { get; }

    public virtual AccessRule Rule => AccessRule.Require(Policies.ReviewForceMajeure).ScopedBy(ForceMajeureAccess.NamedRequestAsync).WithVersion();

    /// <summary>True for the reviewer's buttons: the card shown back is the reviewer's; the requester is told.</summary>
    protected virtual bool ByReviewer => true;

    protected ForceMajeureService Service => service;
    protected ForceMajeureInputs Inputs => inputs;
    protected CommitmentTexts Texts => views.Texts;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.Access.TargetAs<ForceMajeureRequest>() is not { } request || context.Access.VersionNumber is not { } version)
        {
            return new CardActionResult.Refused(Texts[ForceMajeureTextKeys.NotFound]);
        }
        var errors = new List<string>();
        var by = PersonRef.From(await context.Turn.GetActorAsync(cancellationToken));
        var apply = Read(context, request, errors);
        if (errors.Count > 0)
        {
            return Card(await views.RequestAsync(request with { Version = version }, ByReviewer, cancellationToken, errors: errors,
                typed: context.Data));
        }
        var result = await apply(version, by, cancellationToken);
        switch (result)
        {
            case ForceMajeureResult.Done done:
                if (ByReviewer)
                {
                    await delivery.ToRequesterAsync(done.Request, await views.RequestAsync(done.Request, false, cancellationToken), cancellationToken);
                    // The other reviewers' copies show the outcome, without buttons (after this answer, in the background).
                    await reviewCards.UpdateOthersAsync(done.Request, context.Turn.Activity.Conversation?.Id, context.Turn.Activity.ReplyToId,
                        cancellationToken);
                }
                else
                {
                    await delivery.ToReviewersAsync(done.Request, await views.RequestAsync(done.Request, true, cancellationToken), cancellationToken);
                }
                return Card(await views.RequestAsync(done.Request, ByReviewer, cancellationToken));
            case ForceMajeureResult.StaleRequest stale:
                return Card(await views.RequestAsync(stale.Current, ByReviewer, cancellationToken, StaleNotice(stale.Current, context),
                    typed: context.Data));
            case ForceMajeureResult.StaleCommitment changed:
                var c = changed.Commitment;
                return Card(await views.RequestAsync(changed.Current, ByReviewer, cancellationToken,
                    Texts.Format(ForceMajeureTextKeys.StaleCommitment, c.What, CommitmentViews.DateText(c.AccountabilityDate), Texts.Status(c.Status)),
                    typed: context.Data));
            case ForceMajeureResult.Refused refused:
                return Card(await views.RequestAsync(refused.Current, ByReviewer, cancellationToken,
                    errors: [Texts.Format(refused.ReasonKey, refused.Argument ?? "")], typed: context.Data));
            default:
                return new CardActionResult.Refused(Texts[ForceMajeureTextKeys.NotFound]);
        }
    }

    /// <summary>
    /// Why a click on an older card did nothing. When the card shown back has no inputs any more (a reviewer's card of a
    /// request already decided or waiting for the requester), the notice names the outcome and quotes what was typed.
    /// </summary>
    private string StaleNotice(ForceMajeureRequest current, CardActionContext context)
    {
        var last = current.Steps is [.., var step] ? step : null;
        var who = last?.By.Name ?? "";
        if (!ByReviewer || current.Status == ForceMajeureRequestStatus.Pendiente || last is null)
        {
            return Texts.Format(ForceMajeureTextKeys.StaleRequest, who);
        }
        var notice = Texts.Format(ForceMajeureTextKeys.StaleDecided + current.Status, who, views.Base.InstantText(last.At));
        var typed = ForceMajeureInputs.Field(context.Data, "fmNote");
        return typed.Length > 0 ? notice + " " + Texts.Format(ForceMajeureTextKeys.StaleTyped, typed) : notice;
    }

    /// <summary>Reads and checks the inputs (adding to <paramref name="errors"/>) and returns the change to apply.</summary>
    protected abstract Func<int, PersonRef, CancellationToken, Task<ForceMajeureResult>> Read(CardActionContext context,
        ForceMajeureRequest request, List<string> errors);

    private static CardActionResult.ReplaceCard Card(System.Text.Json.Nodes.JsonObject card) => new(card);
}

public sealed class ApproveForceMajeureAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureDelivery delivery, ForceMajeureReviewCards reviewCards) : ForceMajeureRequestAction(service, views, inputs, delivery, reviewCards)
{
    public override string Verb => "fm.approve";

    protected override Func<int, PersonRef, CancellationToken, Task<ForceMajeureResult>> Read(CardActionContext context,
        ForceMajeureRequest request, List<string> errors)
    {
        var decided = Inputs.ReadDecisions(context.Data, request, errors);
        var note = Inputs.CheckNote(ForceMajeureInputs.Field(context.Data, "fmNote"), "fmr.label.note", null, errors);
        return (version, by, ct) => Service.ApproveAsync(request.Id, version, decided, note, by, ct);
    }
}

public sealed class RejectForceMajeureAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureDelivery delivery, ForceMajeureReviewCards reviewCards) : ForceMajeureRequestAction(service, views, inputs, delivery, reviewCards)
{
    public override string Verb => "fm.reject";

    protected override Func<int, PersonRef, CancellationToken, Task<ForceMajeureResult>> Read(CardActionContext context,
        ForceMajeureRequest request, List<string> errors)
    {
        var reason = Inputs.CheckNote(ForceMajeureInputs.Field(context.Data, "fmNote"), "fmr.label.note", "fmr.error.reason", errors);
        return (version, by, ct) => Service.RejectAsync(request.Id, version, reason ?? "", by, ct);
    }
}

public sealed class AskMoreForceMajeureAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureDelivery delivery, ForceMajeureReviewCards reviewCards) : ForceMajeureRequestAction(service, views, inputs, delivery, reviewCards)
{
    public override string Verb => "fm.moreInfo";

    protected override Func<int, PersonRef, CancellationToken, Task<ForceMajeureResult>> Read(CardActionContext context,
        ForceMajeureRequest request, List<string> errors)
    {
        var question = Inputs.CheckNote(ForceMajeureInputs.Field(context.Data, "fmNote"), "fmr.label.note", "fmr.error.question", errors);
        return (version, by, ct) => Service.AskMoreAsync(request.Id, version, question ?? "", by, ct);
    }
}

/// <summary>«Responder» on the requester's card when more information was asked: the request goes back to the reviewers.</summary>
public sealed class AnswerForceMajeureAction(ForceMajeureService service, ForceMajeureViews views, ForceMajeureInputs inputs,
    ForceMajeureDelivery delivery, ForceMajeureReviewCards reviewCards) : ForceMajeureRequestAction(service, views, inputs, delivery, reviewCards)
{
    public override string Verb => "fm.answer";

    public override AccessRule Rule => AccessRule.Require(Policies.RequestForceMajeure).ScopedBy(ForceMajeureAccess.NamedRequestAsync)
        .OrOwner(ForceMajeureAccess.IsRequester).WithVersion();

    protected override bool ByReviewer => false;

    protected override Func<int, PersonRef, CancellationToken, Task<ForceMajeureResult>> Read(CardActionContext context,
        ForceMajeureRequest request, List<string> errors)
    {
        var answer = Inputs.CheckNote(ForceMajeureInputs.Field(context.Data, "fmAnswer"), "fmr.label.answer", "fmr.error.answer", errors);
        var link = ForceMajeureInputs.Field(context.Data, "fmLink");
        errors.AddRange(Inputs.Lengths((link, ForceMajeureInputs.LinkMax, "fmr.label.link")));
        if (Inputs.CheckLink(link) is { } bad)
        {
            errors.Add(bad);
        }
        return (version, by, ct) => Service.AnswerAsync(request.Id, version, answer ?? "", link.Length == 0 ? null : link, by, ct);
    }
}
