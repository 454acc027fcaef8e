using System.Globalization;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.BotFramework;
using NodaTime.Text;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>«nuevo compromiso» (typed, or the button of the session summary card): sends the form.</summary>
public sealed class NewCommitmentCommand(CommitmentForm form) : IBotCommand
{
    public IReadOnlyList<string> Names { get; } = ["nuevo compromiso", "crear compromiso", "agregar compromiso"];

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
public sealed class NewCommitmentForSessionAction(CommitmentForm form) : ICardAction
{
    public const string VerbName = "commitment.new";

    public string Verb => VerbName;

    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.SessionOfCardAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var card = await form.RenderAsync(context.Turn, new CommitmentFormValues(), [], cancellationToken,
            context.GetString("sessionId"));
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
        return new CardActionResult.Handled();
    }
}

/// <summary>
/// commitment.create: validates the form (Spanish messages on the card, typed values kept), records the commitment
/// linked to the conversation's current session, and replaces the form with the confirmation and its reminder dates.
/// </summary>
public sealed class CreateCommitmentAction(CommitmentService commitments, CommitmentForm form, CommitmentViews views)
    : ICardAction
{
    public const string VerbName = "commitment.create";

    public string Verb => VerbName;

    /// <summary>The territorial team of the chosen unit's territory; a unit code the registry does not know is refused.</summary>
    public AccessRule Rule => AccessRule.Require(Policies.CreateCommitment).ScopedBy(CommitmentAccess.FormUnitAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var turn = context.Turn;
        var values = new CommitmentFormValues(
            (context.GetString("what") ?? "").Trim(),
            (context.GetString("unit") ?? "").Trim(),
            context.GetString("responsible") ?? "",
            (context.GetString("date") ?? "").Trim(),
            (context.GetString("verification") ?? "").Trim());
        var texts = views.Texts;
        var errors = new List<string>();
        if (values.What.Length == 0)
        {
            errors.Add(texts["form.error.what"]);
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
        var responsible = ResponsibleChoice.Decode(values.Responsible);
        if (responsible is null)
        {
            errors.Add(texts["form.error.responsible"]);
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
        if (errors.Count > 0)
        {
            return new CardActionResult.ReplaceCard(await form.RenderAsync(turn, values, errors, cancellationToken,
                context.GetString("sessionId")));
        }

        var activity = turn.Activity;
        var session = await form.SessionForAsync(turn, context.GetString("sessionId"), cancellationToken);
        var conversationId = activity.Conversation?.Id ?? "";
        var origin = new CommitmentOrigin(
            session?.Id ?? "chat:" + conversationId,
            conversationId,
            activity.ServiceUrl,
            activity.Conversation?.TenantId ?? activity.GetTeamsChannelData()?.Tenant?.Id,
            activity.ChannelId ?? "msteams");
        var commitment = await commitments.CreateAsync(
            new NewCommitment(unit!, values.What, responsible!, date.Value, values.Verification, origin),
            CommitmentActors.From(activity), cancellationToken);
        var sessionText = session is null ? texts["created.noSession"] : CommitmentForm.SessionText(session);
        return new CardActionResult.ReplaceCard(await views.CreatedAsync(commitment, sessionText, cancellationToken));
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

/// <summary>Who is acting, as the commitments record it.</summary>
public static class CommitmentActors
{
    public static PersonRef From(Activity activity)
    {
        var from = activity.From ?? new ChannelAccount();
        var id = from.AadObjectId is { Length: > 0 } aad ? aad : from.Id ?? "desconocido";
        return new PersonRef(id, string.IsNullOrWhiteSpace(from.Name) ? "Alguien" : from.Name!, from.Id, from.AadObjectId);
    }

    public static string Key(Activity activity) =>
        activity.From?.AadObjectId is { Length: > 0 } aad ? aad : activity.From?.Id ?? "";

    internal static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
