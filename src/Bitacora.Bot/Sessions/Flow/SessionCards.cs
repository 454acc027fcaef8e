using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>What the start card's inputs held (kept when the card comes back with a notice).</summary>
public sealed record StartForm(string GuideId, string ScopeId, string Date, string Objective, string Strategy);

/// <summary>Everything a section card shows, read once per render.</summary>
public sealed record SectionView(
    Session Session,
    Guide Guide,
    int SectionIndex,
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<AnswerRevision> History,
    IReadOnlyList<Participant> Participants);

/// <summary>
/// Per-render overrides of a section card: a notice, and for inputs that failed validation their error and the text
/// the person typed (so nothing typed is lost).
/// </summary>
public sealed record SectionFeedback(string? Notice, bool NoticeIsError, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Typed)
{
    public static SectionFeedback None { get; } = new(null, false, new Dictionary<string, string>(), new Dictionary<string, string>());

    public static SectionFeedback Note(string? notice, bool isError = false) => None with { Notice = notice, NoticeIsError = isError };
}

/// <summary>
/// View models of the meeting cards (complete: "" instead of null, as the templates need) and their rendering.
/// Input ids: "q.{questionId}" value, "n.{questionId}" note, "t.{questionId}.{columnId}" a new table row's cell,
/// "goto" the section picker. Every action carries sessionId, sectionId, version (the session's, to spot stale cards)
/// and "shown" (JSON of the values the card was rendered with, so only inputs people changed are written).
/// </summary>
public sealed class SessionCards(CardCatalog cards, GuideCatalog guides, SessionTexts texts)
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

    public string Title(Session session, Guide? guide) =>
        texts.Format(SessionTexts.CardTitle, session.Number, session.Period, ScopeName(session), guide?.Title ?? session.GuideId);

    public static string ScopeName(Session session) =>
        session.Unit is null ? session.Scope.Name : $"{session.Unit.Name} · {session.Scope.Name}";

    public JsonObject Section(SectionView view, SectionFeedback feedback)
    {
        var (session, guide) = (view.Session, view.Guide);
        var index = Math.Clamp(view.SectionIndex, 0, guide.Sections.Length - 1);
        var section = guide.Sections[index];
        var progress = SessionProgress.Compute(guide, view.Answers);
        var sectionProgress = progress.Sections[index];
        var byQuestion = view.Answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        var lastRevision = view.History.GroupBy(h => h.QuestionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(h => h.Revision)!, StringComparer.Ordinal);
        var shown = new JsonObject();
        var questions = new JsonArray();
        var number = 0;
        foreach (var question in section.Questions)
        {
            number++;
            var answer = byQuestion.GetValueOrDefault(question.Id);
            var storedRaw = answer is null ? "" : RawValue(answer.Value);
            var storedNote = answer?.Note ?? "";
            shown[ValueInput(question.Id)] = storedRaw;
            shown[NoteInput(question.Id)] = storedNote;
            var closedId = answer?.Value is ClosedAnswer c ? c.OptionId : null;
            var previous = answer is { Revision: > 1 } ? lastRevision.GetValueOrDefault(question.Id) : null;
            questions.Add(new JsonObject
            {
                ["id"] = question.Id,
                ["number"] = number,
                ["lead"] = question.Lead ?? "",
                ["text"] = question.Text,
                ["required"] = question.Required,
                ["help"] = question.Help ?? "",
                ["inputId"] = ValueInput(question.Id),
                ["noteInputId"] = NoteInput(question.Id),
                ["isChoice"] = question.Kind is QuestionKind.Closed or QuestionKind.SingleChoice or QuestionKind.MultiChoice,
                ["isMulti"] = question.Kind == QuestionKind.MultiChoice,
                ["isText"] = question.Kind == QuestionKind.Open,
                ["isDate"] = question.Kind == QuestionKind.Date,
                ["isNumber"] = question.Kind == QuestionKind.Number,
                ["isTable"] = question.Kind == QuestionKind.Table,
                ["value"] = feedback.Typed.GetValueOrDefault(ValueInput(question.Id)) ?? storedRaw,
                ["note"] = feedback.Typed.GetValueOrDefault(NoteInput(question.Id)) ?? storedNote,
                ["choices"] = new JsonArray([.. question.Choices.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["title"] = o.Text })]),
                ["rows"] = TableRows(question, answer),
                ["columns"] = new JsonArray([.. question.Columns.Select(col => (JsonNode)new JsonObject
                {
                    ["inputId"] = CellInput(question.Id, col.Id),
                    ["title"] = col.Required ? col.Title + " *" : col.Title,
                    ["placeholder"] = ColumnPlaceholder(col),
                    ["value"] = feedback.Typed.GetValueOrDefault(CellInput(question.Id, col.Id)) ?? "",
                })]),
                ["showSuggestion"] = question.ShowsSuggestionFor(closedId),
                ["suggestion"] = question.Suggestion ?? "",
                ["error"] = feedback.Errors.GetValueOrDefault(question.Id) ?? "",
                ["answeredBy"] = answer is { Value.IsEmpty: false } ? answer.Respondent.Name : "",
                ["answeredAt"] = answer is null ? "" : ChileTime.Moment(answer.AnsweredAt),
                ["edited"] = previous is null ? "" : Edited(question, previous),
            });
        }

        return cards.Render(SectionTemplate, new JsonObject
        {
            ["session"] = SessionNode(session, guide),
            ["section"] = new JsonObject
            {
                ["id"] = section.Id,
                ["position"] = index + 1,
                ["count"] = guide.Sections.Length,
                ["title"] = section.Title,
                ["description"] = section.Description ?? "",
                ["responsible"] = section.Responsible ?? "",
                ["hasPrevious"] = index > 0,
                ["hasNext"] = index < guide.Sections.Length - 1,
                ["previousId"] = index > 0 ? guide.Sections[index - 1].Id : "",
                ["nextId"] = index < guide.Sections.Length - 1 ? guide.Sections[index + 1].Id : "",
            },
            ["progress"] = new JsonObject
            {
                ["answered"] = progress.Answered,
                ["total"] = progress.Total,
                ["percent"] = progress.Percent,
                ["sectionAnswered"] = sectionProgress.Answered,
                ["sectionTotal"] = sectionProgress.Total,
            },
            ["notice"] = feedback.Notice ?? "",
            ["noticeIsError"] = feedback.NoticeIsError,
            ["questions"] = questions,
            ["participants"] = string.Join(", ", view.Participants.Select(p => p.Name).Distinct().Order(StringComparer.Create(ChileTime.Culture, true))),
            ["sections"] = new JsonArray([.. guide.Sections.Select((s, i) => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = $"{i + 1}. {s.Title} ({progress.Sections[i].Answered}/{progress.Sections[i].Total})",
            })]),
            ["shown"] = shown.ToJsonString(),
        });
    }

    public JsonObject Summary(SessionSummary summary, IReadOnlyList<SessionCommitmentLine> commitments, string? notice)
    {
        var session = summary.Session;
        var sections = new JsonArray();
        foreach (var sp in summary.Progress.Sections)
        {
            sections.Add(new JsonObject
            {
                ["title"] = sp.Section.Title,
                ["answered"] = sp.Answered,
                ["total"] = sp.Total,
                ["answers"] = new JsonArray([.. sp.Questions.Where(q => q.IsAnswered).Select(q => (JsonNode)new JsonObject
                {
                    ["question"] = q.Question.Text,
                    ["value"] = SummaryValue(q.Question, q.Answer!),
                })]),
                ["unanswered"] = new JsonArray([.. sp.Unanswered.Select(q => (JsonNode)q.Text)]),
            });
        }
        return cards.Render(SummaryTemplate, new JsonObject
        {
            ["session"] = SessionNode(session, summary.Guide),
            ["notice"] = notice ?? "",
            ["progress"] = new JsonObject
            {
                ["answered"] = summary.Progress.Answered,
                ["total"] = summary.Progress.Total,
                ["percent"] = summary.Progress.Percent,
            },
            ["sections"] = sections,
            ["participants"] = string.Join(", ", summary.Participants.Select(p =>
                p.AnswerCount == 0 ? p.Participant.Name : $"{p.Participant.Name} ({p.AnswerCount})")),
            ["commitments"] = new JsonArray([.. commitments.Select(c => (JsonNode)new JsonObject
            {
                ["dueText"] = ChileTime.ShortDate(c.DueDate),
                ["text"] = string.IsNullOrWhiteSpace(c.Responsible) ? c.Text : $"{c.Text} · {c.Responsible}",
            })]),
        });
    }

    private JsonObject SessionNode(Session session, Guide guide) => new()
    {
        ["id"] = session.Id,
        ["version"] = session.Version,
        ["number"] = session.Number,
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

    private JsonArray TableRows(GuideQuestion question, Answer? answer)
    {
        if (answer?.Value is not TableAnswer { Rows.IsDefault: false } table) return [];
        return new JsonArray([.. table.Rows.Select((row, i) => (JsonNode)new JsonObject
        {
            ["title"] = texts.Format(SessionTexts.CardRow, i + 1),
            ["text"] = string.Join(" · ", question.Columns.Where(c => row.Cells.ContainsKey(c.Id)).Select(c => $"{c.Title}: {row.Cells[c.Id]}")),
        })]);
    }

    private string ColumnPlaceholder(TableColumn column) => column.Kind switch
    {
        ColumnKind.Date => texts[SessionTexts.CardPlaceholderDate],
        ColumnKind.Number => texts[SessionTexts.CardPlaceholderNumber],
        ColumnKind.Closed => texts[SessionTexts.CardPlaceholderClosed],
        ColumnKind.SingleChoice => string.Join(" / ", column.Options.Select(o => o.Id)),
        _ => column.Title,
    };

    private string Edited(GuideQuestion question, AnswerRevision previous) =>
        texts.Format(SessionTexts.HistoryEdited, Shorten(previous.Value.Display(question)), previous.Respondent.Name, ChileTime.Moment(previous.AnsweredAt));

    private static string SummaryValue(GuideQuestion question, Answer answer)
    {
        var text = answer.Value.Display(question);
        if (!string.IsNullOrEmpty(answer.Note)) text += $" — Nota: {answer.Note}";
        if (answer.Revision > 1) text += " (editada)";
        return text;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
