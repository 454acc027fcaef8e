using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>What the start card's inputs held (kept when the card comes back with a notice).</summary>
public sealed record StartForm(string GuideId, string ScopeId, string Date, string Objective, string Strategy)
{
    /// <summary>The conversation claimed for the session being started (set by the flow once the form is valid).</summary>
    public ConversationClaim? Claim { get; init; }
}

/// <summary>
/// Per-render overrides of a section card: a notice, and for inputs that failed validation their error and the text
/// the person typed (so nothing typed is lost).
/// </summary>
public sealed record SectionFeedback(string? Notice, bool NoticeIsError, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Typed)
{
    public static SectionFeedback None { get; } = new(null, false, new Dictionary<string, string>(), new Dictionary<string, string>());

    public static SectionFeedback Note(string? notice, bool isError = false) => None with { Notice = notice, NoticeIsError = isError };

    /// <summary>Questions someone else changed while this person was changing them too: both values are shown.</summary>
    public IReadOnlyDictionary<string, SectionConflict> Conflicts { get; init; } = new Dictionary<string, SectionConflict>();
}

/// <summary>The value another person saved meanwhile (the person's own typed value stays in the input).</summary>
public sealed record SectionConflict(Participant Other, string OtherValue);

/// <summary>
/// View models of the meeting cards (complete: "" instead of null, as the templates need) and their rendering.
/// Input ids: "q.{questionId}" value, "n.{questionId}" note, "t.{questionId}.{columnId}" a new table row's cell,
/// "goto" the section picker. Every action carries sessionId, sectionId, version (the session's, to spot stale cards)
/// and "rev" (<see cref="CardRevisions"/>: which stored revision each input showed, so only inputs people changed are
/// written and a change made meanwhile by someone else is noticed).
/// </summary>
public sealed partial class SessionCards(CardCatalog cards, GuideCatalog guides, SessionTexts texts)
{
    public const string StartTemplate = "session-start";
    public const string SectionTemplate = "session-section";
    public const string SummaryTemplate = "session-summary";

    public static string ValueInput(string questionId) => "q." + questionId;
    public static string NoteInput(string questionId) => "n." + questionId;
    public static string CellInput(string questionId, string columnId) => $"t.{questionId}.{columnId}";

    public JsonObject Start(StartForm form, IReadOnlyList<ScopeChoice> scopes, string? notice) =>
        cards.Render(StartTemplate, new JsonObject
        {
            ["notice"] = notice ?? "",
            ["hasActive"] = false,
            ["active"] = new JsonObject { ["text"] = "", ["sessionId"] = "", ["version"] = 0 },
            ["form"] = new JsonObject
            {
                ["guideId"] = form.GuideId, ["scopeId"] = form.ScopeId, ["date"] = form.Date,
                ["objective"] = form.Objective, ["strategy"] = form.Strategy,
            },
            ["guides"] = new JsonArray([.. guides.Guides.Select(g => (JsonNode)new JsonObject { ["id"] = g.Id, ["title"] = g.Title })]),
            ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["title"] = s.Title })]),
        });

    /// <summary>The start card when the conversation already runs a session: say so, offer to continue it.</summary>
    public JsonObject AlreadyActive(Session active, string text) =>
        cards.Render(StartTemplate, new JsonObject
        {
            ["notice"] = "",
            ["hasActive"] = true,
            ["active"] = new JsonObject { ["text"] = text, ["sessionId"] = active.Id, ["version"] = active.Version },
            ["form"] = new JsonObject { ["guideId"] = "", ["scopeId"] = "", ["date"] = "", ["objective"] = "", ["strategy"] = "" },
            ["guides"] = new JsonArray(),
            ["scopes"] = new JsonArray(),
        });

    /// <summary>The status message (see <see cref="StatusMessages"/>).</summary>
    public JsonObject Status(JsonObject data, Session session, Guide guide)
    {
        data["session"] = SessionNode(session, guide);
        return cards.Render(StatusMessages.Template, data);
    }

    public string Title(Session session, Guide? guide) =>
        texts.Format(SessionTexts.CardTitle, session.Number, session.Period, ScopeName(session), guide?.Title ?? session.GuideId);

    public static string ScopeName(Session session) => SessionNames.ScopeName(session);

    private JsonObject SessionNode(Session session, Guide guide) => new()
    {
        ["id"] = session.Id,
        ["version"] = session.Version,
        ["number"] = session.Number,
        // A logbook's record is «Registro … N°k» (its own numbering), not the territory's «Sesión N°k».
        ["numberText"] = texts.Format(session.Logbook is null ? SessionTexts.CardNumber : SessionTexts.CardRecordNumber, session.Number),
        ["guideTitle"] = guide.Title,
        ["scopeName"] = ScopeName(session),
        ["dateText"] = ChileTime.LongDate(session.Date),
        ["objective"] = session.Objective ?? "",
        ["isPaused"] = session.Status == SessionStatus.Paused,
        ["statusText"] = session.Status switch
        {
            SessionStatus.Finished => texts[SessionTexts.CardStatusFinished],
            SessionStatus.Paused => texts[SessionTexts.CardStatusPaused],
            _ => texts[SessionTexts.CardStatusActive],
        },
        ["canResume"] = session.Status == SessionStatus.Paused,
        ["canReopen"] = session.Status == SessionStatus.Finished,
        ["isFinished"] = session.Status == SessionStatus.Finished,
        ["history"] = HistoryText(session),
        // «Nuevo compromiso» on the section card (Commitments/ handles commitment.new): sessions with a unit's team,
        // not the ETT's own logbook records.
        ["offersCommitment"] = session.Logbook is null && !guide.IsLogbook,
    };

    /// <summary>The value as the card's input holds it (and as Teams sends it back): option ids, ISO dates, invariant numbers.</summary>
    public static string RawValue(AnswerValue value) => value switch
    {
        ClosedAnswer c => c.OptionId,
        ChoiceAnswer c => string.Join(",", c.OptionIds.IsDefault ? [] : c.OptionIds),
        TextAnswer t => t.Text,
        DateAnswer d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        NumberAnswer n => n.Number.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>A closed answer that calls for a commitment: No or Parcialmente.</summary>
    public static bool IsGap(AnswerValue value) => value is ClosedAnswer { OptionId: ClosedOptions.No or ClosedOptions.Partially };

}
