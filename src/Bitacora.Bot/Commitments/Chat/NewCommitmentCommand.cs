using System.Globalization;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;
using NodaTime.Text;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>«nuevo compromiso» (typed, or the button of the session summary card): sends the form.</summary>
public sealed class NewCommitmentCommand(CommitmentForm form) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["nuevo compromiso", "crear compromiso", "agregar compromiso"];

    /// <summary>The empty form needs the role somewhere; the unit chosen is checked on «Registrar» (commitment.create).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var card = await form.RenderAsync(context.Turn, new CommitmentFormValues(What: context.Arguments.Trim()), [], cancellationToken);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
    }
}

/// <summary>
/// commitment.new (the session summary card's button): the form for that session, which may be finished already.
/// </summary>
public sealed class NewCommitmentForSessionAction(CommitmentForm form, CommitmentSources sources) : ICardAction
{
    public const string VerbName = "commitment.new";

    public string Verb => VerbName;

    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.SessionOfCardAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        // Next to a «No» / «Parcialmente»: the commitment is linked to that answer; the guide's suggestion starts the «qué».
        var found = await sources.FindAsync(context.GetString("sessionId"), context.GetString("questionId"), cancellationToken);
        var card = await form.RenderAsync(context.Turn, new CommitmentFormValues(What: found?.Suggestion ?? ""), [], cancellationToken,
            context.GetString("sessionId"), found?.Source);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
        return new CardActionResult.Handled();
    }
}

/// <summary>
/// commitment.formPeople: the same form again, typed values kept, with the responsible list of the unit now chosen.
/// </summary>
public sealed class RefreshCommitmentFormAction(CommitmentForm form, CommitmentSources sources) : ICardAction
{
    public string Verb => "commitment.formPeople";

    /// <summary>Shows the unit's directive contacts: only to the territorial team of the unit chosen.</summary>
    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.FormUnitAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        new CardActionResult.ReplaceCard(await form.RenderAsync(context.Turn, CreateCommitmentAction.Values(context), [],
            cancellationToken, context.GetString("sessionId"),
            (await sources.FindAsync(context.GetString("sessionId"), context.GetString("questionId"), cancellationToken))?.Source));
}

/// <summary>
/// commitment.create: validates the form (Spanish messages on the card, typed values kept), records the commitment
/// linked to the conversation's current session, and replaces the form with the confirmation and its reminder dates.
/// </summary>
public sealed class CreateCommitmentAction(CommitmentService commitments, CommitmentForm form, CommitmentViews views,
    CommitmentSources sources, PersonResolver resolver, Sessions.Flow.SummaryUpdates summaries, Registry.Storage.UnitStore units) : ICardAction
{
    public const string VerbName = "commitment.create";

    /// <summary>The card's own limits (commitment-form.json), enforced again here: a client may not honour them.</summary>
    public const int MaxWhat = 500;
    public const int MaxVerification = 300;
    public const int MaxYearsAhead = 2;

    public string Verb => VerbName;

    /// <summary>The territorial team of the chosen unit's territory (a unit the registry does not know gets the form's error).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.FormUnitAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var turn = context.Turn;
        var values = Values(context);
        var texts = views.Texts;
        var session = await form.SessionForAsync(turn, context.GetString("sessionId"), cancellationToken);
        var source = (await sources.FindAsync(context.GetString("sessionId"), context.GetString("questionId"), cancellationToken))?.Source;
        var errors = new List<string>();
        if (values.What.Length == 0)
        {
            errors.Add(texts["form.error.what"]);
        }
        else if (values.What.Length > MaxWhat)
        {
            errors.Add(texts.Format("form.error.whatLong", CommitmentNumbers.Invariant(MaxWhat), CommitmentNumbers.Invariant(values.What.Length)));
        }
        if (values.Verification.Length > MaxVerification)
        {
            errors.Add(texts.Format("form.error.verificationLong", CommitmentNumbers.Invariant(MaxVerification),
                CommitmentNumbers.Invariant(values.Verification.Length)));
        }
        string? unit = null;
        if (values.Unit.Length == 0)
        {
            errors.Add(texts["form.error.unit"]);
        }
        else if ((unit = ParseUnit(values.Unit)) is null)
        {
            errors.Add(texts.Format("form.error.unitUnknown", values.Unit));
        }
        else if (!await UnitExistsAsync(unit, session, cancellationToken))
        {
            errors.Add(texts.Format("form.error.unitNotInRegistry", values.Unit));
            unit = null;
        }
        var responsible = ResponsibleChoice.Decode(values.Responsible);
        if (responsible is null)
        {
            errors.Add(texts["form.error.responsible"]);
        }
        else if (unit is not null && ResponsibleChoice.UnitOf(values.Responsible) is { } contactUnit && contactUnit != unit)
        {
            errors.Add(texts.Format("form.error.responsibleOtherUnit", responsible.Name));
        }
        var date = LocalDatePattern.Iso.Parse(values.Date);
        if (!date.Success)
        {
            errors.Add(texts["form.error.date"]);
        }
        else if (date.Value < views.Today)
        {
            errors.Add(texts.Format("form.error.datePast", CommitmentViews.DateText(views.Today)));
        }
        else if (date.Value > views.Today.PlusYears(MaxYearsAhead))
        {
            errors.Add(texts.Format("form.error.dateFar", CommitmentViews.DateText(views.Today.PlusYears(MaxYearsAhead))));
        }
        if (errors.Count > 0)
        {
            return new CardActionResult.ReplaceCard(await form.RenderAsync(turn, values, errors, cancellationToken,
                context.GetString("sessionId"), source));
        }

        var activity = turn.Activity;
        var conversationId = activity.Conversation?.Id ?? "";
        var origin = new CommitmentOrigin(
            session?.Id ?? "chat:" + conversationId,
            conversationId,
            activity.ServiceUrl,
            activity.Conversation?.TenantId ?? activity.GetTeamsChannelData()?.Tenant?.Id,
            activity.ChannelId ?? "msteams");
        // One identity: the picked person completed with (and linked to) their registry entry before it is stored.
        var person = await resolver.ResolveAsync(responsible!, cancellationToken);
        var commitment = await commitments.CreateAsync(
            new NewCommitment(unit!, values.What, PersonRef.From(person), date.Value, values.Verification, origin, source),
            PersonRef.From(await turn.GetActorAsync(cancellationToken)), cancellationToken);
        if (session is not null)
        {
            // A commitment created from a session's summary: that card's «Compromisos registrados» count, in place.
            summaries.Refresh(turn, session);
        }
        var sessionText = session is null ? texts["created.noSession"] : CommitmentForm.SessionText(session);
        return new CardActionResult.ReplaceCard(await views.CreatedAsync(commitment, sessionText, cancellationToken));
    }

    /// <summary>What the form sent, as typed (trimmed).</summary>
    internal static CommitmentFormValues Values(CardActionContext context) => new(
        (context.GetString("what") ?? "").Trim(),
        (context.GetString("unit") ?? "").Trim(),
        context.GetString("responsible") ?? "",
        (context.GetString("date") ?? "").Trim(),
        (context.GetString("verification") ?? "").Trim());

    /// <summary>The session's own unit, or a unit of the registry.</summary>
    private async Task<bool> UnitExistsAsync(string unitId, Sessions.Session? session, CancellationToken ct)
    {
        if (session?.Scope is { Kind: Sessions.SessionScopeKind.Unit } scope && scope.Id == unitId)
        {
            return true;
        }
        if (!UnitCode.TryParse(unitId, out var code))
        {
            return false;
        }
        return await units.GetAsync(code, ct) is not null;
    }

    /// <summary>A choice value is already a unit id ("junji:…", "rbd:…"); typed text may be "RBD 12345-6", "12345-6" or a JUNJI code.</summary>
    internal static string? ParseUnit(string text)
    {
        if (UnitCode.TryParse(text, out var code))
        {
            return code.Id;
        }
        if (text.Contains('-', StringComparison.Ordinal) || text.Replace(".", "", StringComparison.Ordinal).Length <= 6)
        {
            return UnitCode.TryParseRbd(text, out code, out _) ? code.Id : null;
        }
        return UnitCode.TryParseJunji(text, out code) ? code.Id : null;
    }
}

/// <summary>Who is acting, as the commitments record it: the turn's sender through the one identity resolution.</summary>
/// <summary>Numbers in the commitments' validation messages (lengths), written without grouping.</summary>
internal static class CommitmentNumbers
{
    internal static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
