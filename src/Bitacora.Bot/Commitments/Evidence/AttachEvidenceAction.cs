using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.Evidence;

/// <summary>
/// commitment.attach («Adjuntar a este compromiso» on the card answering a file): adds the files to the commitment's
/// evidence and shows its card (with «Cumplido», which the files now satisfy). Only the sender the files were
/// received from (signed button) and only someone who may change that commitment.
/// </summary>
public sealed class AttachEvidenceAction(CommitmentService commitments, CommitmentViews views, FileLinks links, EvidenceOptions options)
    : ICardAction
{
    public string Verb => "commitment.attach";

    public AccessRule Rule => AccessRule.Require(Policies.ChangeCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync)
        .OrOwner(CommitmentAccess.IsResponsible);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var texts = views.Texts;
        var payload = context.GetString("files") ?? "";
        var files = EvidenceMessageHandler.ParsePayload(payload);
        if (files.Count == 0 || !links.IsSignedFor(payload, context.Turn.Activity.From?.Id, context.GetString("sig"))
            || context.GetString("commitmentId") is not { Length: > 0 } id)
        {
            return new CardActionResult.Refused(texts["evidence.badButton"]);
        }
        var by = PersonRef.From(await context.Turn.GetActorAsync(cancellationToken));
        var result = await commitments.AttachEvidenceAsync(id, files, options.MaxFilesPerCommitment, by, cancellationToken);
        return result switch
        {
            CommitmentUpdateResult.Updated u => new CardActionResult.ShowCard(
                await views.ReminderCardAsync(u.Commitment, CommitmentCardMode.State, null, false, cancellationToken, texts["evidence.attached"])),
            CommitmentUpdateResult.Rejected r => new CardActionResult.ShowCard(
                await views.ReminderCardAsync(r.Current, CommitmentCardMode.State, null, false, cancellationToken, texts.Format(r.Reason))),
            _ => new CardActionResult.Refused(texts["action.notFound"]),
        };
    }
}
