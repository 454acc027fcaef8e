using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;
using NodaTime.Text;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// commitment.manage («Gestionar» on a commitment card): replaces it with the «Gestionar compromiso» card. Open to
/// those who may change the commitment in some way (its unit's directive team, its territory's team); each button
/// there has its own, narrower rule.
/// </summary>
public sealed class OpenManageCardAction(CommitmentService commitments, CommitmentManageCard manage, CommitmentViews views) : ICardAction
{
    public string Verb => "commitment.manage";

    public AccessRule Rule => AccessRule.Require(Policies.ChangeCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("commitmentId") is not { Length: > 0 } id || await commitments.GetAsync(id, cancellationToken) is not { } c)
        {
            return new CardActionResult.Refused(views.Texts["action.notFound"]);
        }
        if (!c.IsOpen)
        {
            return new CardActionResult.ReplaceCard(await views.ReminderCardAsync(c, CommitmentCardMode.State, null, false, cancellationToken,
                views.Texts.Format(new Texts.TextRef(CommitmentMessages.ClosedNoChange))));
        }
        return new CardActionResult.ReplaceCard(await manage.RenderAsync(context.Turn, c, null, [], "", cancellationToken));
    }
}

/// <summary>
/// The buttons of the «Gestionar compromiso» card. Every change is version-checked; a refusal or a lost race shows
/// the card again with what was typed (and, for a race, the current state and who changed it).
/// </summary>
public abstract class ManageCommitmentAction(CommitmentService commitments, CommitmentManageCard manage, CommitmentViews views,
    CommitmentNotifier notifier) : ICardAction
{
    public const int MaxReason = 500;

    public abstract string Verb { get; }

    public abstract AccessRule Rule { get; }

    protected CommitmentService Commitments => commitments;
    protected CommitmentViews Views => views;
    protected CommitmentManageCard Manage => manage;
    protected CommitmentTexts Texts => views.Texts;

    protected abstract CommitmentCardMode Mode { get; }

    /// <summary>Checks the inputs; errors are shown on the card with the inputs kept.</summary>
    protected abstract Task<List<string>> ValidateAsync(Commitment current, ManageInputs inputs, CancellationToken ct);

    protected abstract Task<CommitmentUpdateResult> ApplyAsync(Commitment current, int version, ManageInputs inputs, PersonRef by,
        CancellationToken ct);

    protected abstract string Notice(Commitment before, Commitment updated, PersonRef by, ManageInputs inputs);

    /// <summary>A plain line on the result card under the headline (e.g. the reassignment's reason); empty: none.</summary>
    protected virtual string ResultNote(ManageInputs inputs) => "";

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("commitmentId") is not { Length: > 0 } id
            || await commitments.GetAsync(id, cancellationToken) is not { } current
            || context.Access.VersionNumber is not { } version)
        {
            return new CardActionResult.Refused(Texts["action.notFound"]);
        }
        var inputs = Inputs(context);
        var errors = await ValidateAsync(current, inputs, cancellationToken);
        if (errors.Count > 0)
        {
            // Shown at the version the person saw, so a later click still detects someone else's change.
            return new CardActionResult.ReplaceCard(await manage.RenderAsync(context.Turn, current with { Version = version }, inputs,
                errors, "", cancellationToken));
        }
        var by = PersonRef.From(await context.Turn.GetActorAsync(cancellationToken));
        switch (await ApplyAsync(current, version, inputs, by, cancellationToken))
        {
            case CommitmentUpdateResult.Updated updated:
                await notifier.NotifyAsync(updated.Commitment, Notice(current, updated.Commitment, by, inputs),
                    context.Turn.Activity.Conversation?.Id, cancellationToken);
                return new CardActionResult.ReplaceCard(await views.ReminderCardAsync(updated.Commitment, Mode, null, false, cancellationToken,
                    note: ResultNote(inputs)));
            case CommitmentUpdateResult.Conflict conflict:
                var notice = await CommitmentConflicts.NoticeAsync(commitments, Texts, conflict, by, cancellationToken);
                if (!conflict.Current.IsOpen)
                {
                    return new CardActionResult.ReplaceCard(await views.ReminderCardAsync(conflict.Current, CommitmentCardMode.State, null,
                        false, cancellationToken, notice + " " + Texts.Format("action.keptTyped", Typed(inputs))));
                }
                return new CardActionResult.ReplaceCard(await manage.RenderAsync(context.Turn, conflict.Current, inputs, [], notice,
                    cancellationToken));
            case CommitmentUpdateResult.Rejected rejected:
                return new CardActionResult.ReplaceCard(await manage.RenderAsync(context.Turn, rejected.Current with { Version = version },
                    inputs, [Texts.Format(rejected.Reason)], "", cancellationToken));
            default:
                return new CardActionResult.Refused(Texts["action.notFound"]);
        }
    }

    private static string Typed(ManageInputs i) =>
        string.Join(" · ", new[] { i.What, i.Date, i.ReassignReason, i.CancelReason }.Where(s => s.Length > 0));

    private static ManageInputs Inputs(CardActionContext c) => new(
        Trim(c, "what"), Trim(c, "date"), Trim(c, "unit"), c.GetString("responsible") ?? "", Trim(c, "reassignReason"), Trim(c, "cancelReason"));

    private static string Trim(CardActionContext c, string name) => (c.GetString(name) ?? "").Trim();

    protected string? TooLong(string value, int max, string label) => value.Length > max
        ? Texts.Format("action.error.tooLong", Texts[label], CommitmentNumbers.Invariant(max), CommitmentNumbers.Invariant(value.Length))
        : null;
}

/// <summary>commitment.edit («Guardar cambios»): what, date, unit (same territory). The territorial team of the unit.</summary>
public sealed class EditCommitmentAction(CommitmentService commitments, CommitmentManageCard manage, CommitmentViews views,
    CommitmentNotifier notifier) : ManageCommitmentAction(commitments, manage, views, notifier)
{
    public override string Verb => "commitment.edit";

    public override AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync).WithVersion();

    protected override CommitmentCardMode Mode => CommitmentCardMode.Edited;

    protected override async Task<List<string>> ValidateAsync(Commitment current, ManageInputs i, CancellationToken ct)
    {
        var errors = new List<string>();
        if (i.What.Length == 0)
        {
            errors.Add(Texts["form.error.what"]);
        }
        else if (i.What.Length > CreateCommitmentAction.MaxWhat)
        {
            errors.Add(Texts.Format("form.error.whatLong", CommitmentNumbers.Invariant(CreateCommitmentAction.MaxWhat),
                CommitmentNumbers.Invariant(i.What.Length)));
        }
        var date = LocalDatePattern.Iso.Parse(i.Date);
        if (!date.Success)
        {
            errors.Add(Texts["form.error.date"]);
        }
        else if (date.Value != current.AccountabilityDate && date.Value < Views.Today)
        {
            errors.Add(Texts.Format("form.error.datePast", CommitmentViews.DateText(Views.Today)));
        }
        else if (date.Value > Views.Today.PlusYears(CreateCommitmentAction.MaxYearsAhead))
        {
            errors.Add(Texts.Format("form.error.dateFar", CommitmentViews.DateText(Views.Today.PlusYears(CreateCommitmentAction.MaxYearsAhead))));
        }
        if (i.Unit.Length > 0 && i.Unit != current.Unit)
        {
            var unit = CreateCommitmentAction.ParseUnit(i.Unit);
            var territory = unit is null ? null : await Manage.TerritoryOfAsync(unit, ct);
            if (territory is null)
            {
                errors.Add(Texts.Format("form.error.unitNotInRegistry", i.Unit));
            }
            else if (territory != await Manage.TerritoryOfAsync(current.Unit, ct))
            {
                errors.Add(Texts.Format("manage.error.unitOtherTerritory", i.Unit));
            }
        }
        return errors;
    }

    protected override Task<CommitmentUpdateResult> ApplyAsync(Commitment current, int version, ManageInputs i, PersonRef by, CancellationToken ct) =>
        Commitments.EditAsync(current.Id, version, new CommitmentEdit(i.What, LocalDatePattern.Iso.Parse(i.Date).Value,
            i.Unit.Length > 0 ? CreateCommitmentAction.ParseUnit(i.Unit) : null), by, Views.Today, ct);

    protected override string Notice(Commitment before, Commitment c, PersonRef by, ManageInputs i) =>
        Texts.Format("notify.edited", by.Name, c.What, CommitmentViews.DateText(c.AccountabilityDate));
}

/// <summary>commitment.reassign («Reasignar»): a new responsible from the picker. The unit's directive team and territorial team.</summary>
public sealed class ReassignCommitmentAction(CommitmentService commitments, CommitmentManageCard manage, CommitmentViews views,
    CommitmentNotifier notifier, PersonResolver resolver) : ManageCommitmentAction(commitments, manage, views, notifier)
{
    public override string Verb => "commitment.reassign";

    public override AccessRule Rule => AccessRule.Require(Policies.ChangeCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync).WithVersion();

    protected override CommitmentCardMode Mode => CommitmentCardMode.Reassigned;

    protected override Task<List<string>> ValidateAsync(Commitment current, ManageInputs i, CancellationToken ct)
    {
        var errors = new List<string>();
        if (ResponsibleChoice.Decode(i.Responsible) is null)
        {
            errors.Add(Texts["form.error.responsible"]);
        }
        else if (ResponsibleChoice.UnitOf(i.Responsible) is { } unit && unit != current.Unit)
        {
            errors.Add(Texts.Format("form.error.responsibleOtherUnit", ResponsibleChoice.Decode(i.Responsible)!.Name));
        }
        if (TooLong(i.ReassignReason, MaxReason, "label.reason") is { } tooLong)
        {
            errors.Add(tooLong);
        }
        return Task.FromResult(errors);
    }

    protected override async Task<CommitmentUpdateResult> ApplyAsync(Commitment current, int version, ManageInputs i, PersonRef by,
        CancellationToken ct)
    {
        var picked = ResponsibleChoice.Decode(i.Responsible)!;
        var person = await resolver.ResolveAsync(picked, ct);
        return await Commitments.ReassignAsync(current.Id, version, PersonRef.From(person),
            MarkDoneAction.NullIfEmpty(i.ReassignReason), by, ct);
    }

    protected override string Notice(Commitment before, Commitment c, PersonRef by, ManageInputs i) =>
        Texts.Format("notify.reassigned", by.Name, c.What, before.Responsible.Name, c.Responsible.Name,
            i.ReassignReason.Length > 0 ? i.ReassignReason : Texts["notify.noReason"]);

    protected override string ResultNote(ManageInputs i) =>
        i.ReassignReason.Length > 0 ? Texts.Format("manage.reassignReasonShown", i.ReassignReason) : "";
}

/// <summary>commitment.cancel («Cancelar compromiso»): with a reason. The territorial team of the unit.</summary>
public sealed class CancelCommitmentAction(CommitmentService commitments, CommitmentManageCard manage, CommitmentViews views,
    CommitmentNotifier notifier) : ManageCommitmentAction(commitments, manage, views, notifier)
{
    public override string Verb => "commitment.cancel";

    public override AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync).WithVersion();

    protected override CommitmentCardMode Mode => CommitmentCardMode.Cancelled;

    protected override Task<List<string>> ValidateAsync(Commitment current, ManageInputs i, CancellationToken ct)
    {
        var errors = new List<string>();
        if (i.CancelReason.Length == 0)
        {
            errors.Add(Texts["manage.error.cancelReason"]);
        }
        if (TooLong(i.CancelReason, MaxReason, "label.reason") is { } tooLong)
        {
            errors.Add(tooLong);
        }
        return Task.FromResult(errors);
    }

    protected override Task<CommitmentUpdateResult> ApplyAsync(Commitment current, int version, ManageInputs i, PersonRef by, CancellationToken ct) =>
        Commitments.CancelAsync(current.Id, version, i.CancelReason, by, ct);

    protected override string Notice(Commitment before, Commitment c, PersonRef by, ManageInputs i) =>
        Texts.Format("notify.cancelled", by.Name, c.What, i.CancelReason);
}
