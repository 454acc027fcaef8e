using System.Globalization;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using NodaTime;
using NodaTime.Text;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// The buttons of a reminder / commitment card. Card data convention: {"verb", "commitmentId", "version" (the version
/// the card showed), "kind" (reminder kind token or ""), "redelivery" ("1" when flagged)} merged with the inputs
/// evidenceText, evidenceLink | newDate, reason (force majeure has its own form, ForceMajeure/).
/// Every change is version-checked by <see cref="CommitmentService"/>: a card acted on after someone else changed the
/// commitment gets the current state and a Spanish notice, never an overwrite. The router has already checked
/// <see cref="Rule"/>: the clicker is the commitment's responsible, its unit's directive team or its territorial team,
/// and the card carries the version it showed.
/// </summary>
public abstract class ReminderCardAction(CommitmentService commitments, CommitmentViews views, CommitmentNotifier notifier)
    : ICardAction
{
    public abstract string Verb { get; }

    public AccessRule Rule => AccessRule.Require(Policies.ChangeCommitment).ScopedBy(CommitmentAccess.NamedCommitmentAsync)
        .OrOwner(CommitmentAccess.IsResponsible).WithVersion();

    protected CommitmentService Commitments => commitments;
    protected CommitmentViews Views => views;
    protected CommitmentTexts Texts => views.Texts;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var id = context.GetString("commitmentId");
        if (string.IsNullOrWhiteSpace(id))
        {
            return new CardActionResult.Refused(Texts["action.notFound"]);
        }
        // Required by the rule (the router refused a card without it); the write compares it atomically.
        if (context.Access.VersionNumber is not { } version)
        {
            return new CardActionResult.Refused(Texts["action.notFound"]);
        }
        ReminderKind? kind = context.GetString("kind") is { Length: > 0 } token ? TryKind(token) : null;
        var redelivery = context.GetString("redelivery") == "1";
        var inputs = Inputs(context);
        var errors = await ValidateAsync(id, inputs, cancellationToken);
        errors.AddRange(CheckLengths(inputs));
        if (errors.Count > 0)
        {
            var current = await commitments.GetAsync(id, cancellationToken);
            if (current is null)
            {
                return new CardActionResult.Refused(Texts["action.notFound"]);
            }
            // Shown at the version the person saw, so a later click still detects someone else's change.
            var card = await views.ReminderCardAsync(current with { Version = version },
                kind is null ? CommitmentCardMode.State : CommitmentCardMode.Reminder, kind, redelivery, cancellationToken,
                errors: errors, inputs: inputs);
            return new CardActionResult.ReplaceCard(card);
        }

        var by = PersonRef.From(await context.Turn.GetActorAsync(cancellationToken));
        var result = await ApplyAsync(id, version, inputs, by, cancellationToken);
        switch (result)
        {
            case CommitmentUpdateResult.Updated updated:
                var unitName = await views.UnitNameAsync(updated.Commitment.Unit, cancellationToken);
                await notifier.NotifyAsync(updated.Commitment, Notice(updated.Commitment, unitName, by, inputs),
                    context.Turn.Activity.Conversation?.Id, cancellationToken);
                return new CardActionResult.ReplaceCard(
                    await views.ReminderCardAsync(updated.Commitment, Mode, null, false, cancellationToken));
            case CommitmentUpdateResult.Conflict conflict:
                // The current state, with what the person typed still in the inputs (and in the notice when the
                // commitment closed meanwhile and has no inputs left to hold it).
                var notice = await ConflictNoticeAsync(conflict, by, cancellationToken);
                if (!conflict.Current.IsOpen && Typed(inputs) is { Length: > 0 } typed)
                {
                    notice += " " + Texts.Format("action.keptTyped", typed);
                }
                return new CardActionResult.ReplaceCard(await views.ReminderCardAsync(conflict.Current, CardMode(kind), kind,
                    false, cancellationToken, notice, inputs: inputs));
            case CommitmentUpdateResult.Rejected rejected:
                // A refusal is shown next to the inputs, which keep what was typed (e.g. the «Motivo» of a «Nueva fecha»).
                return new CardActionResult.ReplaceCard(await views.ReminderCardAsync(rejected.Current, CardMode(kind), kind,
                    false, cancellationToken, errors: [Texts.Format(rejected.Reason)], inputs: inputs));
            default:
                return new CardActionResult.Refused(Texts["action.notFound"]);
        }
    }

    protected abstract CommitmentCardMode Mode { get; }

    protected abstract List<string> Validate(ReminderInputs inputs);

    /// <summary>Checks the inputs; by default without reading the commitment (see <see cref="MarkDoneAction"/>).</summary>
    protected virtual Task<List<string>> ValidateAsync(string id, ReminderInputs inputs, CancellationToken ct) =>
        Task.FromResult(Validate(inputs));

    protected abstract Task<CommitmentUpdateResult> ApplyAsync(string id, int? version, ReminderInputs inputs, PersonRef by,
        CancellationToken ct);

    protected abstract string Notice(Commitment updated, string unitName, PersonRef by, ReminderInputs inputs);

    protected string? CheckLink(string link) =>
        link.Length == 0 || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            ? null
            : Texts["action.error.link"];

    protected string? CheckNewDate(string text, out LocalDate date)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : default;
        if (!parsed.Success)
        {
            return Texts["action.error.newDate"];
        }
        return date < views.Today ? Texts.Format("action.error.newDatePast", CommitmentViews.DateText(views.Today)) : null;
    }

    private static CommitmentCardMode CardMode(ReminderKind? kind) => kind is null ? CommitmentCardMode.State : CommitmentCardMode.Reminder;

    /// <summary>Server-side copies of the card's maxLength limits (reminder.json); a client may not enforce them.</summary>
    private IEnumerable<string> CheckLengths(ReminderInputs i)
    {
        foreach (var (value, max, label) in new[]
                 {
                     (i.EvidenceText, 1000, "label.evidence"), (i.Reason, 500, "label.reason"), (i.EvidenceLink, 2000, "label.link"),
                 })
        {
            if (value.Length > max)
            {
                yield return Texts.Format("action.error.tooLong", Texts[label], CommitmentNumbers.Invariant(max),
                    CommitmentNumbers.Invariant(value.Length));
            }
        }
    }

    private Task<string> ConflictNoticeAsync(CommitmentUpdateResult.Conflict conflict, PersonRef by, CancellationToken ct) =>
        CommitmentConflicts.NoticeAsync(commitments, Texts, conflict, by, ct);

    private static string Typed(ReminderInputs i) =>
        string.Join(" · ", new[] { i.EvidenceText, i.EvidenceLink, i.NewDate, i.Reason }.Where(s => s.Length > 0));

    private static ReminderInputs Inputs(CardActionContext c) => new(
        Trim(c, "evidenceText"), Trim(c, "evidenceLink"), Trim(c, "newDate"), Trim(c, "reason"));

    private static string Trim(CardActionContext c, string name) => (c.GetString(name) ?? "").Trim();

    private static ReminderKind? TryKind(string token)
    {
        try
        {
            return ReminderKind.Parse(token);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Cumplido: evidence text and/or link (at least one).</summary>
public sealed class MarkDoneAction(CommitmentService commitments, CommitmentViews views, CommitmentNotifier notifier)
    : ReminderCardAction(commitments, views, notifier)
{
    public override string Verb => "commitment.done";

    protected override CommitmentCardMode Mode => CommitmentCardMode.Done;

    protected override List<string> Validate(ReminderInputs i)
    {
        var errors = new List<string>();
        if (i.EvidenceText.Length == 0 && i.EvidenceLink.Length == 0)
        {
            errors.Add(Texts["action.error.evidence"]);
        }
        if (CheckLink(i.EvidenceLink) is { } bad)
        {
            errors.Add(bad);
        }
        return errors;
    }

    /// <summary>Files attached from the 1:1 chat count as evidence: then neither text nor link is required.</summary>
    protected override async Task<List<string>> ValidateAsync(string id, ReminderInputs inputs, CancellationToken ct)
    {
        var errors = Validate(inputs);
        if (inputs.EvidenceText.Length == 0 && inputs.EvidenceLink.Length == 0
            && (await Commitments.GetAsync(id, ct))?.EvidenceFiles.Count > 0)
        {
            errors.Remove(Texts["action.error.evidence"]);
        }
        return errors;
    }

    protected override Task<CommitmentUpdateResult> ApplyAsync(string id, int? version, ReminderInputs i, PersonRef by, CancellationToken ct) =>
        Commitments.MarkDoneAsync(id, version, new CommitmentEvidence(NullIfEmpty(i.EvidenceText), NullIfEmpty(i.EvidenceLink)), by, null, ct);

    protected override string Notice(Commitment c, string unitName, PersonRef by, ReminderInputs i) =>
        Texts.Format("notify.done", by.Name, c.What, unitName,
            string.Join(" · ", new[] { i.EvidenceText, i.EvidenceLink }.Where(s => s.Length > 0)));

    internal static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

/// <summary>Nueva fecha: date + reason; the reminders are re-derived by the service.</summary>
public sealed class RescheduleAction(CommitmentService commitments, CommitmentViews views, CommitmentNotifier notifier)
    : ReminderCardAction(commitments, views, notifier)
{
    public override string Verb => "commitment.reschedule";

    protected override CommitmentCardMode Mode => CommitmentCardMode.Rescheduled;

    protected override List<string> Validate(ReminderInputs i) =>
        CheckNewDate(i.NewDate, out _) is { } error ? [error] : [];

    protected override Task<CommitmentUpdateResult> ApplyAsync(string id, int? version, ReminderInputs i, PersonRef by, CancellationToken ct)
    {
        CheckNewDate(i.NewDate, out var date);
        return Commitments.RescheduleAsync(id, version, date, by, MarkDoneAction.NullIfEmpty(i.Reason), ct);
    }

    protected override string Notice(Commitment c, string unitName, PersonRef by, ReminderInputs i) =>
        Texts.Format("notify.rescheduled", by.Name, c.What, unitName, CommitmentViews.DateText(c.AccountabilityDate),
            i.Reason.Length > 0 ? i.Reason : Texts["notify.noReason"]);
}

/// <summary>
/// Reanudar: a commitment suspended by force majeure is taken up again (Pendiente) with a new date; its reminders are
/// derived again. The same people as «Nueva fecha» (the unit's directive team, its territorial team, the responsible):
/// resuming only gives back an obligation, so it needs no review, unlike the suspension itself.
/// </summary>
public sealed class ResumeAction(CommitmentService commitments, CommitmentViews views, CommitmentNotifier notifier)
    : ReminderCardAction(commitments, views, notifier)
{
    public override string Verb => "commitment.resume";

    protected override CommitmentCardMode Mode => CommitmentCardMode.Resumed;

    protected override List<string> Validate(ReminderInputs i) =>
        CheckNewDate(i.NewDate, out _) is { } error ? [error] : [];

    protected override Task<CommitmentUpdateResult> ApplyAsync(string id, int? version, ReminderInputs i, PersonRef by, CancellationToken ct)
    {
        CheckNewDate(i.NewDate, out var date);
        return Commitments.ResumeAsync(id, version, date, MarkDoneAction.NullIfEmpty(i.Reason), by, ct);
    }

    protected override string Notice(Commitment c, string unitName, PersonRef by, ReminderInputs i) =>
        Texts.Format("notify.resumed", by.Name, c.What, unitName, CommitmentViews.DateText(c.AccountabilityDate),
            i.Reason.Length > 0 ? i.Reason : Texts["notify.noReason"]);
}
